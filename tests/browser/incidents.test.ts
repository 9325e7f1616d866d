/**
 * Issue 16, item 3 in a real browser: a manager opens an outage in the console; the wall shows
 * it in a band (whole, at every screen size) with the storm profile's label, then the note the
 * manager adds; the duty view lists it without actions; ending it clears the band.
 */
import { afternoonZone } from '../helpers/afternoon-zone.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SiteConfig } from '../../server/domain/sites.js';
import { launchChromium, screenshot, signIn, watchPageProblems } from '../helpers/browser.js';
import { ev } from '../helpers/event-factory.js';
import { startTestApp, WALL_TOKEN, type TestApp } from '../helpers/start-app.js';
import { atEverySize } from '../helpers/wall-sizes.js';

// in a zone where it is afternoon now: the surge's hour before lies inside today whenever the test runs
const OKHA = SiteConfig.parse({ id: 'okha', name: { ru: 'Оха', en: 'Okha' }, timeZone: afternoonZone(), hours: '24/7', hotlineHours: '24/7', stormThresholds: { longestWait: { warnAbove: 600, alertAbove: 1200 } } });

let app: TestApp;
let browser: Browser;
beforeAll(async () => {
  app = await startTestApp({ sites: [OKHA] });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function page(path: string, login?: string): Promise<{ page: Page; problems: string[] }> {
  const p = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  const problems = watchPageProblems(p);
  p.on('dialog', (d) => void d.accept());
  if (login) await signIn(p, app.url, login, path);
  else await p.goto(`${app.url}${path}`);
  return { page: p, problems };
}

describe('an incident from the console to the wall', () => {
  it('is opened, noted and ended by a manager, and every screen follows', async () => {
    const base = Date.now() - 60_000;
    await app.post([ev('call.queued', 0, { callId: 'inc-w1', queue: 'hotline', line: 'hotline' }, { site: 'okha', base })]);
    const wall = await page(`/wall#token=${WALL_TOKEN}`);
    await wall.page.waitForSelector('[data-testid="conn-status"][data-status="live"], [data-testid="conn-status"][data-status="degraded"]');
    expect(await wall.page.$('[data-testid="incident-band"]')).toBeNull();

    const console = await page('/console', 'manager');
    await console.page.waitForSelector('[data-testid="no-incidents"]');
    await console.page.click('[data-testid="incident-new"]');
    // an empty title cannot be sent
    expect(await console.page.isDisabled('[data-testid="incident-open"]')).toBe(true);
    await console.page.fill('[data-testid="incident-title"]', 'Отключение в Корсакове, ТП-12');
    await console.page.click('[data-testid="incident-open"]');
    await console.page.waitForSelector('[data-testid="incident-item"]');

    await wall.page.waitForSelector('[data-testid="incident-band"] [data-testid="incident"][data-storm="true"]');
    expect(await wall.page.textContent('[data-testid="incident-headline"]')).toBe('Отключение в Корсакове, ТП-12');
    expect(await wall.page.textContent('[data-testid="incident-band"]')).toMatch(/штормовой режим/);

    await console.page.fill('[data-testid="incident-note-input"]', 'Восстановление до 18:00, бригада выехала');
    await console.page.click('[data-testid="incident-add-note"]');
    await wall.page.waitForSelector('[data-testid="incident-note"]');
    expect(await wall.page.textContent('[data-testid="incident-note"]')).toBe('Восстановление до 18:00, бригада выехала');
    // the wall never learns who wrote it; the console does
    expect(await wall.page.textContent('.wall')).not.toMatch(/manager/);
    await console.page.waitForFunction(() => document.querySelector('[data-testid="incident-item"]')?.textContent?.includes('manager'));
    await screenshot(console.page, 'console-incident-1920x1080');
    await atEverySize(wall.page, 'incident', async () => {
      const box = await wall.page.$eval('[data-testid="incident-band"]', (e) => {
        const r = e.getBoundingClientRect();
        return { right: r.right, width: window.innerWidth };
      });
      expect(box.right).toBeLessThanOrEqual(box.width);
    });

    // a surge on the hotline: a call a minute for 80 minutes, then six a minute for five — the duty view says so
    const now = Date.now();
    const calls = [];
    for (let m = 85; m > 5; m--) calls.push(ev('call.queued', 0, { callId: `flat-${m}`, queue: 'hotline', line: 'hotline' }, { site: 'okha', base: now - m * 60_000 }));
    for (let m = 5; m > 0; m--) for (let k = 0; k < 6; k++) calls.push(ev('call.queued', 0, { callId: `surge-${m}-${k}`, queue: 'hotline', line: 'hotline' }, { site: 'okha', base: now - m * 60_000 + k * 5000 }));
    await app.post(calls);
    const duty = await page('/duty', 'duty');
    await duty.page.waitForSelector('[data-testid="incidents-panel"] [data-testid="incident-item"]');
    await duty.page.waitForSelector('[data-testid="duty-surge-okha-hotline"][data-surge="true"]');
    expect(await duty.page.textContent('[data-testid="duty-surge-okha-hotline"]')).toMatch(/всплеск: \d+ за \d+ мин, обычно \d+ \(×\d+,\d\)/);
    expect(await duty.page.$('[data-testid="incident-close"]')).toBeNull();
    await screenshot(duty.page, 'duty-incident-1920x1080');

    await console.page.click('[data-testid="incident-close"]');
    await wall.page.waitForSelector('[data-testid="incident-band"]', { state: 'detached' });
    await console.page.waitForSelector('[data-testid="no-incidents"]');
    expect([...wall.problems, ...console.problems, ...duty.problems]).toEqual([]);
  }, 120_000);
});
