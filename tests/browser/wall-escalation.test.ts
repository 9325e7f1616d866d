/**
 * Issue 14: an escalation nobody accepted takes a band across the wall until a manager accepts
 * it; its frame flashes unless the screen asks for reduced motion; with `?sound=on` the wall
 * sounds once for it (a kiosk's Chromium allows audio without a click).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ev } from '../helpers/event-factory.js';
import { launchChromium, screenshot, watchPageProblems } from '../helpers/browser.js';
import { startTestApp, WALL_TOKEN, type TestApp } from '../helpers/start-app.js';

let app: TestApp;
let browser: Browser;
beforeAll(async () => {
  app = await startTestApp();
  browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('an escalation on the wall', () => {
  it('takes the band until accepted, flashes unless motion is reduced, and sounds once with ?sound=on', async () => {
    const open = async (reducedMotion: 'reduce' | 'no-preference', query: string) => {
      const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, reducedMotion })).newPage();
      const problems = watchPageProblems(page);
      await page.goto(`${app.url}/wall${query}#token=${WALL_TOKEN}`);
      await page.waitForSelector('[data-testid="conn-status"][data-status="live"], [data-testid="conn-status"][data-status="degraded"]');
      return { page, problems };
    };
    const loud = await open('no-preference', '?sound=on');
    const calm = await open('reduce', '');
    expect(await loud.page.getAttribute('.wall', 'data-sound')).toBe('on');
    expect(await calm.page.getAttribute('.wall', 'data-sound')).toBe('off');
    expect(await loud.page.$('[data-testid="escalation-band"]')).toBeNull();

    const base = Date.now() - 30_000;
    const o = { base, site: 'kholmsk' };
    const posted = await app.post([ev('conflict.raised', 0, { conflictId: 'band-1', agentId: 'op-3', summary: 'Требует руководителя', severity: 'high' }, o), ev('conflict.escalated', 1, { conflictId: 'band-1' }, o)]);
    expect(posted.status).toBe(200);
    for (const p of [loud.page, calm.page]) await p.waitForSelector('[data-testid="escalation-band"]');
    expect(await loud.page.textContent('[data-testid="escalation-band"]')).toMatch(/Эскалация не принята.*Холмск.*высокая важность/);
    await loud.page.waitForSelector('.wall[data-tones="1"]');
    expect(await loud.page.$eval('[data-testid="escalation-band"]', (e) => getComputedStyle(e).animationName)).toBe('band-flash');
    expect(await calm.page.$eval('[data-testid="escalation-band"]', (e) => getComputedStyle(e).animationName)).toBe('none');
    await screenshot(loud.page, 'wall-escalation-band-1920x1080');

    // a manager accepts it in the console: the band goes
    const manager = await app.login('manager');
    const res = await manager.fetch('/api/v1/conflicts/kholmsk/band-1/acknowledge', { method: 'POST', json: {} });
    expect(res.status).toBe(200);
    for (const p of [loud.page, calm.page]) await p.waitForSelector('[data-testid="escalation-band"]', { state: 'detached' });
    expect(await loud.page.getAttribute('.wall', 'data-tones')).toBe('1');
    expect([...loud.problems, ...calm.problems]).toEqual([]);
  }, 60_000);
});
