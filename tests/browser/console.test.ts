/**
 * The managers' console (N13) in a real browser: sign in, an escalation posted to the ingest
 * API appears (how fast is logged; the bench measures it), is acknowledged in the UI — and the wall (a second browser with
 * the display token) shows one unacknowledged escalation fewer. Also: a refused action (409) in
 * words, notes, resolve and the history, overdue escalations, the sound toggle, access rules,
 * language and accessibility.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ev } from '../helpers/event-factory.js';
import { FULL_HD, launchChromium, screenshot, seriousA11yViolations, signIn, waitForValue, watchPageProblems } from '../helpers/browser.js';
import { startTestApp, WALL_TOKEN, type TestApp } from '../helpers/start-app.js';

let app: TestApp;
let browser: Browser;
let managerCtx: BrowserContext;
let wallCtx: BrowserContext;
let consolePage: Page;
let wallPage: Page;
let problems: string[] = [];

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchChromium();
  managerCtx = await browser.newContext({ viewport: FULL_HD });
  wallCtx = await browser.newContext({ viewport: FULL_HD });
  consolePage = await managerCtx.newPage();
  consolePage.setDefaultTimeout(8000);
  problems = watchPageProblems(consolePage);
  wallPage = await wallCtx.newPage();
  wallPage.setDefaultTimeout(8000);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** HH:MM or HH:MM:SS of an instant on Sakhalin (the test sites' zone), as the console writes it */
const sakhalin = (ms: number, seconds = false) =>
  new Intl.DateTimeFormat('ru-RU', { timeZone: 'Asia/Sakhalin', hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' as const } : {}), hourCycle: 'h23' }).format(ms);

const row = (p: Page, id: string) => p.locator(`[data-testid="escalation-row"][data-conflict="${id}"]`);

/** the screen also at a small laptop's and a 4K TV's size (device scale 1), then back to 1080p */
async function screenshotsAtSizes(p: Page, name: string): Promise<void> {
  for (const size of [{ width: 1366, height: 768 }, { width: 3840, height: 2160 }]) {
    await p.setViewportSize(size);
    await p.waitForFunction((w) => window.innerWidth === w, size.width);
    await screenshot(p, `${name}-${size.width}x${size.height}`);
  }
  await p.setViewportSize(FULL_HD);
  await p.waitForFunction((w) => window.innerWidth === w, FULL_HD.width);
}

describe('managers console', () => {
  it('sends a person who is not signed in to the login page and back', async () => {
    const ctx = await browser.newContext({ viewport: FULL_HD });
    const p = await ctx.newPage();
    await p.goto(`${app.url}/console`);
    await p.waitForSelector('[data-testid="login-form"]');
    expect(new URL(p.url()).pathname).toBe('/login');
    expect(new URL(p.url()).searchParams.get('next')).toBe('/console');
    expect(await seriousA11yViolations(p)).toEqual([]);
    await screenshot(p, 'login');
    // a wrong password is said in words, on the form
    await p.getByTestId('login-name').fill('manager');
    await p.getByTestId('login-password').fill('wrong password');
    await p.getByTestId('login-submit').click();
    expect(await p.getByTestId('login-error').textContent()).toContain('Неверный логин или пароль');
    // no answer at all (the network): said in Russian, the browser's own words kept small for support
    await p.route('**/api/v1/auth/login', (r) => r.abort('internetdisconnected'));
    await p.getByTestId('login-submit').click();
    await p.waitForSelector('[data-testid="login-error-detail"]');
    expect(await p.getByTestId('login-error').textContent()).toContain('Не удалось войти: Нет связи с сервером');
    await p.unroute('**/api/v1/auth/login');
    await ctx.close();
  });

  it('shows a new escalation; acknowledging it in the UI changes the wall', async () => {
    await signIn(consolePage, app.url, 'manager', '/console');
    await consolePage.waitForSelector('[data-testid="console-view"]');
    await consolePage.waitForSelector('[data-testid="conn-status"][data-status="live"]');
    expect(new URL(consolePage.url()).pathname).toBe('/console');
    await consolePage.waitForSelector('[data-testid="no-escalations"]');

    await wallPage.goto(`${app.url}/wall#token=${WALL_TOKEN}`);
    await wallPage.waitForSelector('[data-testid="conn-status"][data-status="live"]');
    await waitForValue(wallPage, 'conflicts-unacknowledged', 0);

    const base = Date.now() - 30_000;
    const res = await app.post([
      ev('conflict.raised', 0, { conflictId: 'k-1', agentId: 'op-3', callId: 'c-77', summary: 'Клиент требует перерасчёт за ноябрь', severity: 'high', client: { name: 'Орлов О. О.', account: '65-777' } }, { base }),
      ev('conflict.escalated', 20, { conflictId: 'k-1' }, { base }),
    ]);
    expect(res.status).toBe(200);
    const posted = Date.now();
    await row(consolePage, 'k-1').waitFor({ timeout: 10_000 });
    // how fast is measured, not asserted (no timing thresholds in npm test: a loaded machine is slower); npm run bench has the figures
    console.log(`[console] escalation on screen ${Date.now() - posted} ms after the ingest answered`);
    // a visual alert (the sound needs a user gesture first)
    await consolePage.waitForSelector('[data-testid="escalation-alert"][data-kind="new"]');
    await waitForValue(wallPage, 'conflicts-unacknowledged', 1);

    // a heading that says something: the site, when it was raised (the site's zone), the operator — the raw id only as a small label
    const heading = `Конфликт: Южно-Сахалинск, ${sakhalin(base)}, оператор op-3`;
    expect(await row(consolePage, 'k-1').getByTestId('escalation-heading').textContent()).toBe(heading);
    expect(await row(consolePage, 'k-1').textContent()).toContain('номер k-1');
    // the screens are named as on the wall: «Табло», not «Стена»
    expect(await consolePage.locator('nav a[href="/wall"]').textContent()).toBe('Табло');

    await row(consolePage, 'k-1').click();
    await consolePage.waitForSelector('[data-testid="detail-summary"]');
    expect(await consolePage.getByTestId('detail-heading').textContent()).toBe(heading);
    expect(await consolePage.getByTestId('detail-id').textContent()).toContain('k-1');
    // the timeline to the second, in the site's zone
    const stamps = await consolePage.$$eval('[data-testid="detail-timeline"] [data-testid="timeline-at"]', (ts) => ts.map((t) => t.textContent?.trim() ?? ''));
    expect(stamps).toEqual([sakhalin(base, true), sakhalin(base + 20_000, true)]);
    // managers see the summary and the client; the server sends them to no one else
    expect(await consolePage.getByTestId('detail-summary').textContent()).toContain('перерасчёт');
    expect(await consolePage.getByTestId('detail-client').textContent()).toContain('Орлов О. О.');
    expect(await consolePage.locator('[data-testid="detail-timeline"] li').count()).toBe(2);

    await consolePage.getByTestId('action-acknowledge').click();
    const clicked = Date.now();
    await waitForValue(wallPage, 'conflicts-unacknowledged', 0, 10_000);
    console.log(`[console] wall updated ${Date.now() - clicked} ms after the click`);
    await consolePage.waitForSelector('[data-testid="escalation-row"][data-conflict="k-1"][data-acknowledged="true"]');
    expect(await consolePage.getByTestId('detail-owner').textContent()).toBe('manager');
    expect(await consolePage.getByTestId('action-done').textContent()).toContain('Конфликт принят');
    await consolePage.waitForSelector('[data-testid="detail-timeline"] li[data-type="conflict.acknowledged"]');
  });

  it('shows a refused action (409) in words, adds a note, and lists the escalation as resolved', async () => {
    // the reassign field offers the site's managers, as the server lists them (not the duty user)
    await consolePage.waitForFunction(() => [...document.querySelectorAll('#obzor-managers option')].some((o) => (o as HTMLOptionElement).value === 'admin'));
    const offered = await consolePage.$$eval('#obzor-managers option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toContain('manager');
    expect(offered).not.toContain('duty');
    // it is already the manager's: giving it to the manager is refused by the server (409)
    await consolePage.getByTestId('reassign-to').fill('manager');
    await consolePage.getByTestId('action-reassign').click();
    const err = await consolePage.waitForSelector('[data-testid="action-error"]');
    expect(await err.textContent()).toContain('Не выполнено: конфликт уже у manager');
    // a login that is not a manager of the site (400): in Russian, the server's English only as the small detail
    await consolePage.getByTestId('reassign-to').fill('nobody');
    await consolePage.getByTestId('action-reassign').click();
    await consolePage.waitForFunction(() => document.querySelector('[data-testid="action-error-text"]')?.textContent?.includes('nobody') ?? false);
    expect(await consolePage.getByTestId('action-error-text').textContent()).toBe('Не выполнено: «nobody» не руководитель этой площадки — передать можно только руководителю');
    expect(await consolePage.getByTestId('action-error-detail').textContent()).toContain('to: expected the login of a manager of yuzhno-sakhalinsk');
    expect(await consolePage.getByTestId('action-error-detail').getAttribute('lang')).toBe('en');
    await screenshot(consolePage, 'console-refusal');
    await consolePage.getByTestId('reassign-to').fill('');

    await consolePage.getByTestId('note-text').fill('Позвонил клиенту, ждёт письменный ответ');
    await consolePage.getByTestId('action-note').click();
    await consolePage.waitForSelector('[data-testid="detail-timeline"] li[data-type="conflict.noted"]');
    expect(await consolePage.$('[data-testid="action-error"]')).toBeNull();

    // a second, ordinary conflict for the screenshot; then the console as a manager sees it
    const base = Date.now() - 90_000;
    await app.post([ev('conflict.raised', 0, { conflictId: 'k-2', agentId: 'op-8', appealId: 'a-12', summary: 'Спор о показаниях счётчика' }, { base, site: 'kholmsk' })]);
    await row(consolePage, 'k-2').waitFor();
    // unacknowledged first: k-2 above the acknowledged k-1
    expect(await consolePage.locator('[data-testid="escalation-row"]').first().getAttribute('data-conflict')).toBe('k-2');
    await consolePage.mouse.move(0, 0);
    await screenshot(consolePage, 'console');
    await screenshotsAtSizes(consolePage, 'console');
    expect(await seriousA11yViolations(consolePage)).toEqual([]);

    await consolePage.getByTestId('resolution-text').fill('Сделан перерасчёт');
    await consolePage.getByTestId('action-resolve').click();
    await consolePage.waitForSelector('[data-testid="detail-status"][data-status="resolved"]');
    await row(consolePage, 'k-1').waitFor({ state: 'detached' });
    await consolePage.waitForSelector('[data-testid="resolved-row"][data-conflict="k-1"]');
    await waitForValue(consolePage, 'daily-resolved', 1);
    await waitForValue(consolePage, 'daily-acknowledged', 1);
    await waitForValue(consolePage, 'daily-raised', 2);
    // the site filter hides the other site's conflicts
    await consolePage.getByTestId('site-filter').selectOption('yuzhno-sakhalinsk');
    await row(consolePage, 'k-2').waitFor({ state: 'detached' });
    await consolePage.getByTestId('site-filter').selectOption('');
    await row(consolePage, 'k-2').waitFor();
  });

  it('turns an escalation unacknowledged for 5 minutes red and alerts again', async () => {
    const base = Date.now() - 7 * 60_000;
    await app.post([ev('conflict.raised', 0, { conflictId: 'k-old', agentId: 'op-4', summary: 'Давний спор' }, { base }), ev('conflict.escalated', 30, { conflictId: 'k-old' }, { base })]);
    await consolePage.waitForSelector('[data-testid="escalation-row"][data-conflict="k-old"][data-overdue="true"]');
    await consolePage.waitForSelector('[data-testid="escalation-alert"][data-kind="overdue"][data-key="yuzhno-sakhalinsk/k-old"]');
    expect(await consolePage.locator('[data-testid="escalation-row"]').first().getAttribute('data-conflict')).toBe('k-old');
  });

  it('keeps the sound choice across reloads, and speaks English with ?lang=en', async () => {
    const toggle = consolePage.getByTestId('sound-toggle');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await consolePage.evaluate(() => localStorage.getItem('obzor.sound'))).toBe('off');
    await consolePage.goto(`${app.url}/console?lang=en`);
    await consolePage.waitForSelector('[data-testid="console-view"]');
    // the escalations arrive with the snapshot, after the page itself: read the words once they are there
    await consolePage.waitForSelector('[data-testid="escalation-row"]');
    expect(await consolePage.getByTestId('sound-toggle').getAttribute('aria-pressed')).toBe('false');
    expect(await consolePage.getAttribute('html', 'lang')).toBe('en');
    const text = (await consolePage.textContent('body'))!;
    expect(text).toContain('Supervisor console');
    expect(text).toContain('Open conflicts');
    expect(text).toContain('Conflict: Kholmsk, ');
    expect(text).toContain(', operator op-8');
    expect(await consolePage.locator('nav a[href="/wall"]').textContent()).toBe('Wallboard');
    expect(await seriousA11yViolations(consolePage)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('is closed to the duty role, which lands on its own screen', async () => {
    const ctx = await browser.newContext({ viewport: FULL_HD });
    const p = await ctx.newPage();
    await signIn(p, app.url, 'duty', '/');
    await p.waitForSelector('[data-testid="duty-view"]');
    expect(new URL(p.url()).pathname).toBe('/duty');
    await p.goto(`${app.url}/console`);
    await p.waitForSelector('[data-testid="placeholder-forbidden"]');
    expect(await seriousA11yViolations(p)).toEqual([]);
    await ctx.close();
  });
});
