/**
 * Issue 12 (1c): a wall whose updates for a site stop while its socket lives and the server's
 * heartbeat still comes says so by itself — it does not wait for the server to admit it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketOf } from '../../shared/buckets.js';
import { FULL_HD, launchChromium, screenshot, watchPageProblems } from '../helpers/browser.js';
import { startTestApp, WALL_TOKEN, type TestApp } from '../helpers/start-app.js';

// the server promises a push of every site each second here; the wall allows 2.5 of them
const FULL_PUSH_MS = 1000;

let app: TestApp;
let browser: Browser;
let page: Page;
let problems: string[] = [];

beforeAll(async () => {
  app = await startTestApp({ fullPushMs: FULL_PUSH_MS });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: FULL_HD })).newPage();
  problems = watchPageProblems(page);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('wall whose updates stop', () => {
  it('shows "updates stopped" naming the site when one site’s pushes stop, and clears when they resume', async () => {
    await page.goto(`${app.url}/wall#token=${WALL_TOKEN}`);
    await page.waitForSelector('[data-testid="conn-status"][data-status="live"]', { timeout: 10_000 });
    expect(await page.$('[data-testid="stale-banner"]')).toBeNull();

    // the server can no longer build Kholmsk's state: its updates stop, the socket and heartbeat go on
    const poisoned = app.keys.counters('kholmsk', bucketOf(Date.now()));
    await app.redis.set(poisoned, 'not a hash');
    try {
      const banner = await page.waitForSelector('[data-testid="stale-banner"][data-reason="noUpdates"]', { timeout: 10_000 });
      expect(await banner.textContent()).toMatch(/Данные устарели с \d\d:\d\d.*обновления перестали приходить: Холмск/);
      expect(await banner.textContent()).not.toContain('Южно-Сахалинск');
      expect(await page.getAttribute('[data-testid="conn-status"]', 'data-status')).toBe('degraded');
      await screenshot(page, 'wall-updates-stopped');
    } finally {
      await app.redis.del(poisoned);
    }
    await page.waitForSelector('[data-testid="stale-banner"]', { state: 'detached', timeout: 10_000 });
    expect(problems).toEqual([]);
  });
});
