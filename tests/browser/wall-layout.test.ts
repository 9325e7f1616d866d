/**
 * Issue 14, item 6: a wall whose display chose its own layout — four tiles, one queue, the
 * light theme, text 1.25× — draws just that at every size (nothing cut off or overlapping, the
 * statuses still apart for colour-blind eyes on white), and re-lays itself out live, without a
 * reload, when an admin changes the display.
 */
import { DateTime } from 'luxon';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, watchPageProblems } from '../helpers/browser.js';
import { startTestApp, type TestApp } from '../helpers/start-app.js';
import { siteRoom } from '../../server/realtime/push-hub.js';
import { loadEvents, postAll } from '../helpers/wall-loads.js';
import { atEverySize } from '../helpers/wall-sizes.js';
import { waitUntil } from '../helpers/wait-until.js';
import { distance, parseColour, type Vision } from '../helpers/colour-vision.js';

let browser: Browser;
let app: TestApp;
beforeAll(async () => {
  browser = await launchChromium();
  app = await startTestApp();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const SITE = 'yuzhno-sakhalinsk';

describe("a display's own layout", () => {
  it('draws only its tiles and queues, in its theme and text scale, and follows a change live', async () => {
    const now = Date.now();
    const dayStart = Math.min(now - 60_000, DateTime.now().setZone('Asia/Sakhalin').startOf('day').toMillis());
    await postAll(
      app.post.bind(app),
      loadEvents({
        sites: [SITE, 'kholmsk'],
        queues: { [SITE]: ['hotline', 'billing', 'outages'], kholmsk: ['hotline'] },
        waiting: [
          { site: SITE, queue: 'hotline', callers: 3, longestSec: 95 },
          // a worse queue the display does not show: it must not take the tile
          { site: SITE, queue: 'billing', callers: 5, longestSec: 700 },
          { site: 'kholmsk', queue: 'hotline', callers: 1, longestSec: 20 },
        ],
        ringing: [{ site: SITE, queue: 'hotline', sec: 30 }],
        callsToday: 300,
        operators: 12,
        escalations: [{ site: SITE, ageSec: 60 }],
        dayStart,
        now,
      }),
    );
    const admin = await app.login('admin');
    const layout = { tiles: ['queues', 'rings', 'conflicts', 'today'], queues: ['hotline'], theme: 'light', textScale: 1.25 };
    const created = await (await admin.fetch('/api/v1/admin/display-tokens', { method: 'POST', json: { name: 'Зал ЮС', sites: [SITE], layout } })).json();

    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 })).newPage();
    const problems = watchPageProblems(page);
    await page.goto(`${app.url}/wall#token=${created.token}`);
    await page.waitForSelector('[data-testid="wall-grid"][data-tiles="queues,rings,conflicts,today"]');
    await page.waitForSelector('[data-testid="queue-row"][data-queue="hotline"]');
    const tiles = () => page.$$eval('.grid > .tile', (els) => els.map((e) => e.getAttribute('aria-label')));
    expect(await tiles()).toHaveLength(4);
    expect(await page.$$eval('[data-testid="queue-row"]', (els) => els.map((e) => e.getAttribute('data-queue')))).toEqual(['hotline']);
    expect(await page.getAttribute('html', 'data-theme')).toBe('light');
    // Chromium inflates: the wall takes its updates packed (shared/packed-update.ts), and they apply
    await waitUntil(async () => (await app.hub.io.in(siteRoom(SITE, 'wall', true)).fetchSockets()).length > 0, 'the wall in the packed room');
    const packed = await app.hub.io.in(siteRoom(SITE, 'wall', true)).fetchSockets();
    expect(packed.some((x) => x.data.displayId === created.display.id), JSON.stringify(packed.map((x) => x.data))).toBe(true);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(233, 238, 243)');

    await atEverySize(page, 'layout-light', async (size) => {
      // text 1.25×: the smallest label is at least 2.5 % of the height, not 2 %
      const label = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.tile__title')!).fontSize) / window.innerHeight);
      expect(label, size).toBeGreaterThanOrEqual(0.025 * 1.25 * 0.99);
    });
    // on white the three levels stay apart for deuteranopes and protanopes too
    const colours = (await page.$$eval('.head__legend .mark', (els) => els.map((e) => getComputedStyle(e).color))).map(parseColour);
    expect(colours).toHaveLength(3);
    for (const vision of ['normal', 'deuteranopia', 'protanopia'] as Vision[]) {
      for (const [i, j] of [
        [0, 1],
        [0, 2],
        [1, 2],
      ] as const) {
        expect(distance(colours[i]!, colours[j]!, vision), `levels ${i}/${j} with ${vision}`).toBeGreaterThanOrEqual(30);
      }
    }

    // an admin changes the display: the open wall follows without a reload
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const next = { tiles: ['conflicts', 'queues', 'trend'], theme: 'contrast' };
    expect((await admin.fetch(`/api/v1/admin/display-tokens/${created.display.id}`, { method: 'PATCH', json: { layout: next } })).status).toBe(200);
    await page.waitForSelector('[data-testid="wall-grid"][data-tiles="conflicts,queues,trend"]');
    await page.waitForSelector('html[data-theme="contrast"]');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // every queue again (the new layout names none), the worst first
    await page.waitForSelector('[data-testid="queue-row"][data-queue="billing"]');
    expect(await page.getAttribute('[data-testid="queue-row"]', 'data-queue')).toBe('billing');
    await atEverySize(page, 'layout-contrast', async () => undefined);
    await screenshot(page, 'wall-layout-contrast-final');
    expect(problems).toEqual([]);
  }, 120_000);
});
