/**
 * Issue 20, the browser's side of what the server already does: an admin enters the 2027
 * production-calendar decree on /admin (a wrong date refused in the server's words, naming it)
 * and returns the year to the built-in data; sets a user's new password (asked twice); gives a
 * source a new key (the old one stops working); sees a new display's kiosk URL as a QR code and
 * its screens with the build each runs. Screenshots of the filled page at three desk sizes.
 */
import type { Browser, Page } from 'playwright-core';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponses } from '../../shared/api.js';
import { launchChromium, screenshot, seriousA11yViolations, signIn, watchPageProblems } from '../helpers/browser.js';
import { loginAs, PASSWORD, startTestApp, type TestApp } from '../helpers/start-app.js';
import { waitUntil } from '../helpers/wait-until.js';

let browser: Browser;
let app: TestApp;
let admin: Page;
let problems: string[];
beforeAll(async () => {
  browser = await launchChromium();
  app = await startTestApp();
  admin = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  problems = watchPageProblems(admin);
  await signIn(admin, app.url, 'admin', '/admin');
  await admin.waitForSelector('[data-testid="admin-view"]');
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** what the admin API lists about the displays (the build the server serves, each display's screens) */
const displaysNow = async (): Promise<ApiResponses['displayTokens']> => {
  const s = await app.login('admin');
  return (await (await s.fetch('/api/v1/admin/display-tokens')).json()) as ApiResponses['displayTokens'];
};

describe('administration in the browser: calendar, passwords, source keys, screens', () => {
  it('enters the 2027 decree (a wrong date refused by name), lists it as the admin’s, and returns the year to the built-in data', async () => {
    const row = admin.locator('[data-testid="calendar-row"][data-year="2027"]');
    await row.waitFor();
    expect(await row.getAttribute('data-source')).toBe('built-in');
    expect(await row.getByTestId('calendar-provisional').textContent()).toContain('предварительный');
    // newest first
    const years = await admin.locator('[data-testid="calendar-row"]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-year'))));
    expect(years).toEqual([...years].sort((a, b) => b - a));

    await row.getByTestId('calendar-edit').click();
    const editor = admin.getByTestId('calendar-editor');
    expect(await editor.getByTestId('calendar-year-choice').inputValue()).toBe('2027');
    // the built-in dates are there to correct, the Russian way
    expect(await editor.getByTestId('calendar-non-working').inputValue()).toMatch(/^01\.01\.2027, 04\.01\.2027/);

    // not a date at all: said here, nothing sent
    await editor.getByTestId('calendar-working').fill('18 декабря');
    await editor.getByTestId('calendar-save').click();
    expect(await editor.getByTestId('calendar-unreadable').textContent()).toContain('18, декабря');

    // a Saturday among the non-working weekdays: the server names it
    await editor.getByTestId('calendar-decree').fill('Постановление Правительства РФ от 01.10.2026 № 1500');
    const days = '01.01.2027, 02.01.2027, 04.01.2027, 05.01.2027, 06.01.2027, 07.01.2027, 08.01.2027\n2027-02-23 2027-03-08 2027-05-03 2027-05-10 2027-06-14 2027-11-04 31.12.2027';
    await editor.getByTestId('calendar-non-working').fill(days);
    await editor.getByTestId('calendar-working').fill('18.12.2027');
    await editor.getByTestId('calendar-save').click();
    expect(await admin.getByTestId('calendar-error').textContent()).toMatch(/Сервер не принял изменение:.*nonWorkingWeekdays\[1\]: a weekday Mon–Fri, got 2027-01-02/);
    expect(await row.getAttribute('data-source')).toBe('built-in');
    await admin.getByTestId('calendar-error').scrollIntoViewIfNeeded();
    await screenshot(admin, 'admin-calendar-refused-1920x1080');

    await editor.getByTestId('calendar-non-working').fill(days.replace('02.01.2027, ', ''));
    await editor.getByTestId('calendar-save').click();
    await admin.waitForSelector('[data-testid="calendar-row"][data-year="2027"][data-source="admin"]');
    expect(await admin.getByTestId('calendar-error').count()).toBe(0);
    expect(await admin.getByTestId('calendar-done').textContent()).toContain('2027: сохранено');
    const source = (await row.getByTestId('calendar-source').textContent())!;
    expect(source).toContain('введён администратором');
    expect(source).toContain('admin');
    expect(await row.getByTestId('calendar-provisional').count()).toBe(0);
    expect(await row.textContent()).toContain('Постановление Правительства РФ от 01.10.2026 № 1500');
    expect(await row.locator('td.admin__num').allTextContents()).toEqual(['13', '1']);
    await admin.waitForSelector('[data-testid="audit-row"][data-action="calendar.set"]');
    expect(await admin.locator('[data-testid="audit-row"][data-action="calendar.set"]').textContent()).toMatch(/введён производственный календарь года\s*2027/);

    await row.getByTestId('calendar-reset').click();
    await admin.waitForSelector('[data-testid="calendar-row"][data-year="2027"][data-source="built-in"]');
    expect(await row.getByTestId('calendar-provisional').count()).toBe(1);
    expect(await row.getByTestId('calendar-reset').count()).toBe(0);
    await admin.waitForSelector('[data-testid="audit-row"][data-action="calendar.remove"]');
    expect(await admin.locator('[data-testid="audit-row"][data-action="calendar.remove"]').textContent()).toContain('календарь года возвращён к встроенному');
  });

  it("sets a user's new password, asked twice; the user's sessions end and the new password signs in", async () => {
    await app.users.create({ login: 'petrova', role: 'duty', password: PASSWORD });
    const before = await loginAs(app.url, 'petrova', PASSWORD);
    await admin.reload();
    const row = admin.locator('[data-testid="user-row"][data-login="petrova"]');
    await row.getByTestId('user-password-open').click();
    const form = admin.getByTestId('user-password-form');
    // the server's words for a short one
    await form.getByTestId('user-password-new').fill('short');
    await form.getByTestId('user-password-repeat').fill('short');
    await form.getByTestId('user-password-save').click();
    // …beside the form's fields
    expect(await form.getByTestId('users-error').textContent()).toMatch(/password: expected at least 12/);
    // a slip in the second one is caught before anything is sent
    const fresh = 'a new password for petrova';
    await form.getByTestId('user-password-new').fill(fresh);
    await form.getByTestId('user-password-repeat').fill(`${fresh}!`);
    await form.getByTestId('user-password-save').click();
    expect(await form.getByTestId('user-password-mismatch').textContent()).toContain('Пароли не совпадают');
    // the server's words for the short one are gone: only the mismatch is said
    expect(await form.getByTestId('users-error').count()).toBe(0);
    await form.scrollIntoViewIfNeeded();
    await screenshot(admin, 'admin-password-mismatch-1920x1080');
    expect((await loginAs(app.url, 'petrova', PASSWORD)).csrf).toBeTruthy();

    await form.getByTestId('user-password-repeat').fill(fresh);
    await form.getByTestId('user-password-save').click();
    expect(await admin.getByTestId('user-password-done').textContent()).toMatch(/Пароль petrova изменён, все сеансы этого пользователя завершены/);
    await form.waitFor({ state: 'detached' });
    await waitUntil(async () => (await before.fetch('/api/v1/auth/me')).status === 401, "petrova's old session ended");
    await admin.waitForSelector('[data-testid="audit-row"][data-action="user.password"]');
    expect(await admin.locator('[data-testid="audit-row"][data-action="user.password"]').textContent()).toMatch(/сброшен пароль\s*petrova/);

    // she signs in with the new one, in the browser
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${app.url}/login?next=/duty`);
    await page.getByTestId('login-name').fill('petrova');
    await page.getByTestId('login-password').fill(fresh);
    await page.getByTestId('login-submit').click();
    await page.waitForSelector('[data-testid="duty-view"]');
    await page.close();
  }, 60_000);

  it('gives a source a new key: shown once, the old one refused, the new one taken', async () => {
    await admin.getByTestId('source-name').fill('crm-rotate');
    await admin.getByTestId('source-create-submit').click();
    const first = (await (await admin.waitForSelector('[data-testid="source-key"]')).textContent())!.trim();
    const send = (key: string) => fetch(`${app.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: '[]' });
    expect((await send(first)).status).toBe(200);
    // a key from the environment gets none: the server would keep taking the old one beside it
    expect(await admin.locator('[data-testid="source-row"][data-source="test-feed"] [data-testid="source-rotate"]').count()).toBe(0);

    await admin.locator('[data-testid="source-row"][data-source="crm-rotate"]').getByTestId('source-rotate').click();
    await admin.waitForFunction((old) => {
      const k = document.querySelector('[data-testid="source-key"]')?.textContent?.trim();
      return !!k && k !== old;
    }, first);
    const second = (await admin.getByTestId('source-key').textContent())!.trim();
    expect(await admin.getByTestId('source-issued').textContent()).toContain('«crm-rotate»');
    await waitUntil(async () => (await send(first)).status === 401, 'the old key refused');
    expect((await send(second)).status).toBe(200);
  });

  it("shows a new display's kiosk URL as a QR code, and its screens with the build each runs", async () => {
    await admin.getByTestId('display-name').fill('Зал Корсаков');
    await admin.getByTestId('display-sites').fill('kholmsk');
    await admin.getByTestId('display-create-submit').click();
    const url = (await (await admin.waitForSelector('[data-testid="display-url"]')).textContent())!.trim();
    const qr = admin.locator('[data-testid="display-qr"] svg');
    await qr.waitFor();
    expect(await qr.locator('path').count()).toBeGreaterThan(0);
    const box = (await qr.boundingBox())!;
    // big enough for a phone to read off a monitor
    expect(box.width).toBeGreaterThanOrEqual(200);
    expect(box.height).toBe(box.width);
    await screenshot(admin, 'admin-qr-1920x1080');

    // the TV opens it; a second, older kiosk of the same display too
    const tv = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await tv.goto(url);
    await tv.waitForSelector('[data-testid="conn-status"][data-status="live"]');
    const token = new URL(url).hash.replace('#token=', '');
    const old: Socket = connect(app.url, { transports: ['websocket'], auth: { token, screen: 'kiosk-old-build-01', version: '0.0.9+20260101.0000' }, reconnection: false });
    await new Promise((r) => old.once('snapshot', r));

    const { clientVersion, displays } = await displaysNow();
    expect(clientVersion).toBeTruthy();
    const id = displays.find((d) => d.name === 'Зал Корсаков')!.id;
    await admin.reload();
    const row = admin.locator(`[data-testid="display-row"][data-display="${id}"]`);
    await row.waitFor();
    expect(await row.getByTestId('display-screens').getAttribute('data-value')).toBe('2');
    const current = row.locator('[data-testid="display-screen"]:not([data-screen="kiosk-old-build-01"])');
    expect(await current.getAttribute('data-online')).toBe('true');
    expect(await current.getByTestId('display-screen-contact').textContent()).toContain('на связи');
    expect(await current.getByTestId('display-screen-build').textContent()).toContain(clientVersion);
    expect(await current.getByTestId('display-screen-outdated').count()).toBe(0);
    const older = row.locator('[data-testid="display-screen"][data-screen="kiosk-old-build-01"]');
    expect(await older.getByTestId('display-screen-build').textContent()).toContain('0.0.9+20260101.0000');
    expect(await older.getByTestId('display-screen-outdated').textContent()).toContain('старая версия — нажмите «Перезагрузить»');

    // the old kiosk switched off: when it was last heard from
    old.close();
    await waitUntil(async () => (await displaysNow()).displays.find((d) => d.id === id)?.screenList?.some((s) => s.screen === 'kiosk-old-build-01' && !s.online), 'the old kiosk listed as off line');
    await admin.reload();
    expect(await older.getByTestId('display-screen-contact').textContent()).toMatch(/был на связи \d\d\.\d\d \d\d:\d\d/);
    expect(await older.getAttribute('data-online')).toBe('false');

    // the page filled in, at the desk sizes an admin uses: each section in view, nothing wider than the window
    for (const [width, height] of [
      [1366, 768],
      [1920, 1080],
      [3840, 2160],
    ] as const) {
      await admin.setViewportSize({ width, height });
      for (const section of ['display-list', 'user-list', 'calendar-section', 'audit-list']) {
        await admin.getByTestId(section).scrollIntoViewIfNeeded();
        await screenshot(admin, `admin-full-${width}x${height}-${section}`);
      }
      const wide = await admin.evaluate(() => [...document.querySelectorAll('.desk, .desk__main')].some((e) => e.scrollWidth > e.clientWidth));
      expect(wide, `nothing wider than the window at ${width}×${height}`).toBe(false);
    }
    expect(await seriousA11yViolations(admin)).toEqual([]);
    expect(problems.filter((p) => !/\b400\b/.test(p))).toEqual([]);
    await tv.close();
  }, 90_000);
});
