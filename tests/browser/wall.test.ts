/**
 * The wall in a real browser against the real server: display token from the fragment, live
 * numbers as events arrive, language, accessibility, a silent feed, a refused token, and the
 * stale banner when the server goes away. Also measures the JS the wall route loads.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ev } from '../helpers/event-factory.js';
import { FULL_HD, gzippedSize, launchChromium, screenshot, seriousA11yViolations, waitForValue, watchPageProblems } from '../helpers/browser.js';
import { startTestApp, WALL_TOKEN, type TestApp } from '../helpers/start-app.js';

const WALL_JS_BUDGET = 300 * 1024;
const FEED_SILENT_MS = 5_000;
// the health heartbeat carries the silence: a short period here, so the test waits for the silence, not the tick
const HEALTH_MS = 250;

let app: TestApp;
let browser: Browser;
let ctx: BrowserContext;
let page: Page;
let problems: string[] = [];
const scripts: string[] = [];

beforeAll(async () => {
  app = await startTestApp({ feedSilentMs: FEED_SILENT_MS, healthMs: HEALTH_MS });
  browser = await launchChromium();
  ctx = await browser.newContext({ viewport: FULL_HD });
  page = await ctx.newPage();
  problems = watchPageProblems(page);
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') scripts.push(r.url());
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const live = (p: Page) => p.waitForSelector('[data-testid="conn-status"][data-status="live"], [data-testid="conn-status"][data-status="degraded"]', { timeout: 10_000 });

describe('wall display', () => {
  it('takes its token from the fragment, keeps it, hides it from the address bar, and loads ≤ 300 KB of JS', async () => {
    await page.goto(`${app.url}/wall#token=${WALL_TOKEN}`);
    await live(page);
    expect(page.url()).toBe(`${app.url}/wall`);
    expect(await page.evaluate(() => localStorage.getItem('obzor.displayToken'))).toBe(WALL_TOKEN);
    // no duty, console or login code on a wall
    expect(scripts.some((u) => /DutyView|ConsoleView|LoginView/.test(u))).toBe(false);
    const size = gzippedSize(scripts);
    console.log(`[wall] JS loaded by /wall: ${(size / 1024).toFixed(1)} KB gzipped (${new Set(scripts).size} files)`);
    expect(size).toBeGreaterThan(10_000);
    expect(size).toBeLessThanOrEqual(WALL_JS_BUDGET);
    // a kiosk that opens `/` goes to its wall
    await page.goto(`${app.url}/`);
    await page.waitForURL(`${app.url}/wall`);
    await live(page);
  });

  it('shows waiting callers, rings past 3, callbacks, operators and conflicts as events arrive', async () => {
    await waitForValue(page, 'queue-total-waiting', 0);
    await waitForValue(page, 'rings-past-3', 0);
    await waitForValue(page, 'conflicts-open', 0);
    const base = Date.now() - 60_000;
    const o = { base };
    const res = await app.post([
      ev('call.queued', 30, { callId: 'w-wait', queue: 'hotline', line: 'hotline', clientType: 'individual' }, o),
      // ringing at an operator for 25 s: past 3 rings (15 s)
      ev('call.queued', 30, { callId: 'w-ring', queue: 'billing', line: 'hotline' }, o),
      ev('call.offered', 35, { callId: 'w-ring', agentId: 'op-2' }, o),
      ev('call.queued', 0, { callId: 'w-cb', queue: 'hotline', line: 'hotline' }, o),
      ev('call.callback_promised', 10, { callId: 'w-cb', dueAt: new Date(Date.now() + 3_600_000).toISOString() }, o),
      ev('call.ended', 12, { callId: 'w-cb', outcome: 'callback' }, o),
      ev('agent.state', 1, { agentId: 'op-1', state: 'available' }, o),
      ev('conflict.raised', 40, { conflictId: 'w-k1', agentId: 'op-3', summary: 'Клиент недоволен перерасчётом', severity: 'high' }, o),
      ev('conflict.escalated', 45, { conflictId: 'w-k1' }, o),
    ]);
    expect(res.json.results.filter((r: { status: string }) => r.status !== 'accepted')).toEqual([]);

    await waitForValue(page, 'queue-waiting-hotline', 1);
    // texts that tick change in their own text node (vTextInPlace): a TV stick would lay out a new one every second
    const ticking = ['queue-longest-hotline', 'clock', 'queue-waiting-hotline'];
    await page.evaluate((ids) => {
      const w = window as unknown as { __kept: { node: ChildNode | null; was: string }[] };
      w.__kept = ids.map((id) => {
        const node = document.querySelector(`[data-testid="${id}"]`)!.firstChild;
        return { node, was: node?.textContent ?? '' };
      });
    }, ticking);
    // the wait and the clock tick on (whatever became of their nodes), then: the same nodes
    await page.waitForFunction(
      (ids) => (window as unknown as { __kept: { was: string }[] }).__kept.slice(0, 2).every((k, i) => document.querySelector(`[data-testid="${ids[i]}"]`)!.textContent !== k.was),
      ticking,
    );
    expect(
      await page.evaluate((ids) => (window as unknown as { __kept: { node: ChildNode | null }[] }).__kept.map((k, i) => k.node !== null && k.node.nodeType === 3 && k.node === document.querySelector(`[data-testid="${ids[i]}"]`)!.firstChild), ticking),
    ).toEqual([true, true, true]);
    // the billing caller is ringing at an operator, no longer waiting in the queue
    await waitForValue(page, 'queue-total-waiting', 1);
    await waitForValue(page, 'rings-past-3', 1);
    await page.waitForSelector('[data-testid="ring-item"][data-queue="billing"]');
    await waitForValue(page, 'callbacks-open', 1);
    await waitForValue(page, 'agents-available', 1);
    await waitForValue(page, 'conflicts-open', 1);
    await waitForValue(page, 'conflicts-unacknowledged', 1);
    // the wall never shows what the conflict is about (personal data)
    expect(await page.textContent('body')).not.toContain('перерасчётом');

    // the caller is answered: the numbers go down again
    await app.post([ev('call.offered', 50, { callId: 'w-wait', agentId: 'op-1' }, o), ev('call.answered', 52, { callId: 'w-wait', agentId: 'op-1' }, o)]);
    await waitForValue(page, 'queue-waiting-hotline', 0);
  });

  it('is in Russian by default, in English with ?lang=en, with no serious accessibility violations', async () => {
    await app.post([ev('agent.state', 58, { agentId: 'op-5', state: 'paused' }, { base: Date.now() - 60_000 })]);
    await page.goto(`${app.url}/wall`);
    await live(page);
    await waitForValue(page, 'conflicts-open', 1);
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    const ru = (await page.textContent('body'))!;
    expect(ru).toContain('Очередь');
    expect(ru).toContain('Конфликты');
    // today against last week, from the history API the wall's token may read (counters only)
    await page.waitForSelector('[data-testid="wall-trend"] canvas[aria-label]');
    expect(ru).toContain('Звонки по часам');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'wall');

    await page.goto(`${app.url}/wall?lang=en`);
    await live(page);
    await waitForValue(page, 'conflicts-open', 1);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    const en = (await page.textContent('body'))!;
    expect(en).toContain('Queues');
    expect(en).toContain('Conflicts');
    expect(en).not.toContain('Конфликты');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('with ?rotate=5 shows one site at a time, the next every 5 s', async () => {
    const p = await page.context().newPage();
    // the page's clock is ours and stands still: the rotation's 5 s pass when the test says so
    await p.clock.install();
    await p.clock.pauseAt(Date.now() + 1_000);
    await p.goto(`${app.url}/wall?rotate=5`);
    await live(p);
    const names = () => p.textContent('[data-testid="site-names"]');
    await p.waitForSelector('[data-testid="rotation"]');
    expect(await p.textContent('[data-testid="rotation"]')).toContain('площадка 1 / 2');
    const first = await names();
    expect(first).not.toContain('·');
    await p.clock.runFor(4_990);
    expect(await names(), 'not before its 5 s').toBe(first);
    await p.clock.runFor(20);
    await p.waitForFunction((before) => document.querySelector('[data-testid="site-names"]')?.textContent !== before, first);
    expect(await p.textContent('[data-testid="rotation"]')).toContain('площадка 2 / 2');
    expect(await names()).not.toBe(first);
    await p.clock.runFor(5_000);
    await p.waitForFunction((before) => document.querySelector('[data-testid="site-names"]')?.textContent === before, first);
    await p.close();
  });

  it('warns on screen when a feed goes silent', async () => {
    await page.goto(`${app.url}/wall`);
    await live(page);
    const warning = await page.waitForSelector('[data-testid="feed-warning"]', { timeout: FEED_SILENT_MS + 10_000 });
    expect(await warning.textContent()).toMatch(/Источник «test-feed» молчит с \d\d:\d\d/);
    expect(await page.getAttribute('[data-testid="conn-status"]', 'data-status')).toBe('degraded');
    // a new event brings the feed back
    await app.post([ev('agent.state', 59, { agentId: 'op-6', state: 'available' }, { base: Date.now() - 60_000 })]);
    await page.waitForSelector('[data-testid="feed-warning"]', { state: 'detached', timeout: 10_000 });
  }, 40_000);

  it('says "not authorised" across the screen for a refused token, with no login form', async () => {
    const other = await browser.newContext({ viewport: FULL_HD });
    const p = await other.newPage();
    await p.goto(`${app.url}/wall#token=not-a-valid-token-0123456789`);
    const msg = await p.waitForSelector('[data-testid="wall-unauthorized"]', { timeout: 10_000 });
    expect(await msg.textContent()).toContain('Экран не авторизован — попросите администратора выдать новую ссылку');
    expect(await p.$('input[type="password"]')).toBeNull();
    expect(p.url()).toBe(`${app.url}/wall`);
    expect(await seriousA11yViolations(p)).toEqual([]);
    await screenshot(p, 'wall-unauthorized');
    await other.close();
  });

  it('shows the stale banner "Данные устарели с HH:MM" when the server goes away', async () => {
    await page.goto(`${app.url}/wall`);
    await live(page);
    expect(await page.$('[data-testid="stale-banner"]')).toBeNull();
    await app.close();
    const banner = await page.waitForSelector('[data-testid="stale-banner"]', { timeout: 10_000 });
    expect(await banner.textContent()).toMatch(/Данные устарели с \d\d:\d\d/);
    expect(await page.getAttribute('[data-testid="conn-status"]', 'data-status')).toBe('offline');
    expect(problems).toEqual([]);
  });
});
