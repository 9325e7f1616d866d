/**
 * The wall on a plain-HTTP intranet host name (not localhost): Chromium resolves
 * `obzor.intranet` to the test server, opens `http://obzor.intranet:<port>/wall#token=…` and
 * must load every asset over http, connect its socket and show live numbers. A CSP with
 * `upgrade-insecure-requests` would send the assets to https and leave the page empty.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ev } from '../helpers/event-factory.js';
import { launchChromium, waitForValue, watchPageProblems } from '../helpers/browser.js';
import { startTestApp, WALL_TOKEN, type TestApp } from '../helpers/start-app.js';

const HOST = 'obzor.intranet';

let app: TestApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchChromium([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`]);
  page = await (await browser.newContext()).newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('wall on an intranet host over plain HTTP', () => {
  it(`loads over http://${HOST}, connects and shows live numbers`, async () => {
    const base = `http://${HOST}:${app.port}`;
    const problems = watchPageProblems(page);
    const requested: string[] = [];
    const failed: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText ?? ''}`));

    await page.goto(`${base}/wall#token=${WALL_TOKEN}`);
    await page.waitForSelector('[data-testid="conn-status"][data-status="live"], [data-testid="conn-status"][data-status="degraded"]', { timeout: 10_000 });
    await waitForValue(page, 'queue-total-waiting', 0);
    const res = await app.post([ev('call.queued', 0, { callId: 'intranet-1', queue: 'hotline', line: 'hotline' }, { base: Date.now() - 30_000 })]);
    expect(res.status).toBe(200);
    await waitForValue(page, 'queue-waiting-hotline', 1);

    expect(failed).toEqual([]);
    expect(problems).toEqual([]);
    expect(requested.filter((u) => !u.startsWith(`${base}/`) && !u.startsWith(`ws://${HOST}:${app.port}/`))).toEqual([]);
  });
});
