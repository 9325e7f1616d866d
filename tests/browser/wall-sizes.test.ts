/**
 * Issue 14: the wall for a real centre, at 1366×768, 1920×1080 and 3840×2160 (device scale 1).
 * Scripted loads — one queue; 12 queues with long names; a centre of 9 sites and 40 queues with
 * 150 operators, 12,016 calls today and 5 open escalations — and from the page's own boxes and
 * computed styles: no text cut off or overlapping, labels ≥ 2 % and key figures ≥ 5 % of the
 * viewport height, shapes on rows ≥ 3 %, the worst queue on screen, every site's breach visible.
 */
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, watchPageProblems } from '../helpers/browser.js';
import { atEverySize } from '../helpers/wall-sizes.js';
import { startTestApp, type TestApp } from '../helpers/start-app.js';
import { LONG_QUEUES, loadEvents, postAll, SAKHALIN_SITES, type LoadPlan } from '../helpers/wall-loads.js';
import { waitUntil } from '../helpers/wait-until.js';
import { distance, parseColour, type Vision } from '../helpers/colour-vision.js';

const CENTRE_TOKEN = 'test-wall-centre-0123456789abcdef';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** local midnight at the sites; a test run in the first seconds of a day waits for a little of it */
async function dayStart(): Promise<number> {
  await waitUntil(() => DateTime.now().setZone('Asia/Sakhalin').diff(DateTime.now().setZone('Asia/Sakhalin').startOf('day')).as('seconds') > 120, 'two minutes of the local day', 130_000, 1000);
  return DateTime.now().setZone('Asia/Sakhalin').startOf('day').toMillis();
}

/** `clock`: the page's timers are Playwright's (they run, and a test may move them on) */
async function openWall(app: TestApp, token: string, query = '', clock = false): Promise<{ page: Page; problems: string[] }> {
  const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 })).newPage();
  const problems = watchPageProblems(page);
  if (clock) await page.clock.install();
  await page.goto(`${app.url}/wall${query}#token=${token}`);
  await page.waitForSelector('[data-testid="conn-status"][data-status="live"], [data-testid="conn-status"][data-status="degraded"]', { timeout: 15_000 });
  return { page, problems };
}

describe('the wall at real size', () => {
  /** every app a test started: closed (and its keys deleted) even when the test fails midway */
  const apps: TestApp[] = [];
  let app: TestApp;
  const start = async (...args: Parameters<typeof startTestApp>) => {
    app = await startTestApp(...args);
    apps.push(app);
    return app;
  };
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
  });

  it('one site, one queue', async () => {
    await start({ sites: SAKHALIN_SITES.slice(0, 1) });
    const now = Date.now();
    await postAll(app.post.bind(app), loadEvents({ sites: ['yuzhno-sakhalinsk'], queues: { 'yuzhno-sakhalinsk': ['hotline'] }, waiting: [{ site: 'yuzhno-sakhalinsk', queue: 'hotline', callers: 2, longestSec: 25 }], ringing: [], callsToday: 40, operators: 6, escalations: [], dayStart: await dayStart(), now }));
    const { page, problems } = await openWall(app, 'test-wall-token-0123456789abcdef');
    await page.waitForSelector('[data-testid="queue-waiting-hotline"][data-value="2"], [data-queue="hotline"]');
    await atEverySize(page, 'one-queue', async () => undefined);
    // the three levels stay apart for deuteranopes and protanopes (the old green/amber/red fell to ΔE 19)
    const colours = await page.$$eval('.head__legend .mark', (els) => els.map((e) => getComputedStyle(e).color));
    expect(colours).toHaveLength(3);
    const [ok, warn, alarm] = colours.map(parseColour) as [ReturnType<typeof parseColour>, ReturnType<typeof parseColour>, ReturnType<typeof parseColour>];
    for (const vision of ['normal', 'deuteranopia', 'protanopia'] as Vision[]) {
      for (const [a, b, what] of [
        [ok, warn, 'norm/attention'],
        [ok, alarm, 'norm/breach'],
        [warn, alarm, 'attention/breach'],
      ] as const) {
        expect(distance(a, b, vision), `${what} with ${vision}`).toBeGreaterThanOrEqual(30);
      }
    }
    expect(problems).toEqual([]);
  }, 90_000);

  it('12 queues with long names: the worst first, whatever its name', async () => {
    await start({ sites: SAKHALIN_SITES.slice(0, 1) });
    const site = 'yuzhno-sakhalinsk';
    const waiting = LONG_QUEUES.map((queue, i) => ({ site, queue, callers: 1 + (i % 4), longestSec: 20 + i * 3 }));
    // the last queue by name has waited 11:58: a breach, and the first row on every screen
    waiting[LONG_QUEUES.length - 2] = { site, queue: 'street-lighting-municipal', callers: 3, longestSec: 718 };
    const now = Date.now();
    await postAll(app.post.bind(app), loadEvents({ sites: [site], queues: { [site]: LONG_QUEUES }, waiting, ringing: [{ site, queue: 'hotline', sec: 31 }], callsToday: 1200, operators: 40, escalations: [], dayStart: await dayStart(), now }));
    const { page, problems } = await openWall(app, 'test-wall-token-0123456789abcdef', '', true);
    await page.waitForSelector('[data-testid="queue-row"][data-queue="street-lighting-municipal"]');
    await atEverySize(page, 'twelve-queues', async (size) => {
      const first = await page.getAttribute('[data-testid="queue-row"]', 'data-queue');
      expect(first, `worst queue first at ${size}`).toBe('street-lighting-municipal');
      expect(await page.getAttribute('[data-testid="queue-row"]', 'data-level')).toBe('alarm');
      // the day share is green-looking only with the rings of now beside it
      expect(await page.textContent('[data-testid="fig-note"]')).toMatch(/сейчас: 1 звонят дольше 3 гудков/);
    });
    // what does not fit turns in pages every 8 s; the breach stays on every page. The page's clock
    // stands still from here, so the one turn seen is the one the test makes
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.waitForSelector('[data-testid="queues-hidden"][data-pages]');
    // a little ahead of the page's time: the jump may turn a page, which is read after it
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 3_000);
    const rowsNow = () => page.$$eval('[data-testid="queue-row"]', (els) => els.map((e) => e.getAttribute('data-queue')));
    const pages = Number(await page.getAttribute('[data-testid="queues-hidden"]', 'data-pages'));
    expect(pages).toBeGreaterThan(1);
    const was = Number(await page.getAttribute('[data-testid="queues-hidden"]', 'data-page'));
    const before = await rowsNow();
    await page.clock.runFor(8_000);
    await page.waitForSelector(`[data-testid="queues-hidden"][data-page="${(was + 1) % pages}"]`);
    const after = await rowsNow();
    expect(after[0]).toBe('street-lighting-municipal');
    expect(after.slice(1)).not.toEqual(before.slice(1));
    await screenshot(page, 'wall-twelve-queues-page-2-1366x768');
    expect(problems).toEqual([]);
  }, 120_000);

  it('a centre: 9 sites, 40 queues, 150 operators, 12,016 calls today, 5 open escalations', async () => {
    const ids = SAKHALIN_SITES.map((s) => s.id);
    await start({ sites: SAKHALIN_SITES }, { OBZOR_DISPLAY_TOKENS: `centre=${CENTRE_TOKEN}` });
    const queues: Record<string, string[]> = { [ids[0]!]: LONG_QUEUES };
    const waiting: LoadPlan['waiting'] = LONG_QUEUES.map((queue, i) => ({ site: ids[0]!, queue, callers: i % 3, longestSec: 15 + i }));
    // 28 more queues at the other eight sites; a breach at Kurilsk, attention at Okha
    for (let k = 1; k < ids.length; k++) {
      queues[ids[k]!] = ['hotline', 'billing', 'outages', 'direct-line'].slice(0, k % 2 ? 3 : 4);
      for (const q of queues[ids[k]!]!) waiting.push({ site: ids[k]!, queue: q, callers: q === 'billing' ? 0 : 1, longestSec: 10 });
    }
    while (Object.values(queues).flat().length < 40) queues[ids[2]!]!.push(`extra-${Object.values(queues).flat().length}`);
    for (const q of queues[ids[2]!]!.filter((q) => q.startsWith('extra'))) waiting.push({ site: ids[2]!, queue: q, callers: 0, longestSec: 1 });
    waiting.push({ site: 'kurilsk', queue: 'hotline', callers: 2, longestSec: 420 }, { site: 'okha', queue: 'outages', callers: 4, longestSec: 75 });
    const now = Date.now();
    const plan: LoadPlan = {
      sites: ids,
      queues,
      waiting,
      ringing: [
        { site: 'poronaysk', queue: 'hotline', sec: 40 },
        { site: ids[0]!, queue: 'hotline', sec: 25 },
      ],
      callsToday: 12_016,
      operators: 150,
      escalations: [
        { site: 'kholmsk', ageSec: 400, severity: 'high' },
        { site: 'nevelsk', ageSec: 90 },
        { site: 'okha', ageSec: 30, raisedOnly: true },
        { site: ids[0]!, ageSec: 1200, raisedOnly: true },
        { site: 'uglegorsk', ageSec: 10 },
      ],
      dayStart: await dayStart(),
      now,
    };
    await postAll(app.post.bind(app), loadEvents(plan));
    const { page, problems } = await openWall(app, CENTRE_TOKEN);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="today-offered"]')?.getAttribute('data-value')) >= 12_016, undefined, { timeout: 30_000 });
    const worstAt = ['kurilsk', 'poronaysk', 'kholmsk'];
    await atEverySize(page, 'centre', async (size) => {
      // every site has its cell, each breach is on screen in it
      const cells = await page.$$eval('[data-testid="strip-site"]', (els) => els.map((e) => ({ site: e.getAttribute('data-site'), level: e.getAttribute('data-level') })));
      expect(cells.map((c) => c.site).sort(), `strip at ${size}`).toEqual([...ids].sort());
      for (const site of worstAt) expect(cells.find((c) => c.site === site)?.level, `${site} at ${size}`).toBe('alarm');
      // the worst queue heads the list, with its site
      expect(await page.getAttribute('[data-testid="queue-row"]', 'data-site'), `worst queue first at ${size}`).toBe('kurilsk');
      // by the name its site gives it in the sites file
      expect(await page.textContent('[data-testid="queue-row"] .queues__label')).toBe('Аварийная линия');
      // unaccepted escalations take the band: the oldest first, and how many more
      expect(await page.getAttribute('[data-testid="escalation-band"]', 'data-count')).toBe('3');
      expect(await page.textContent('[data-testid="escalation-band"]')).toContain('Холмск');
    });
    expect(problems).toEqual([]);
  }, 180_000);
});
