/**
 * Issue 20, item 2 (its first part): an admin makes a wall display in the browser, opens its
 * kiosk URL on a "TV", changes what it shows, and the open wall follows without a reload; a
 * wrong site is refused in words; other roles do not get the page.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, seriousA11yViolations, signIn, watchPageProblems } from '../helpers/browser.js';
import { startTestApp, type TestApp } from '../helpers/start-app.js';
import { WALL_SIZES } from '../helpers/wall-sizes.js';
import { waitUntil } from '../helpers/wait-until.js';

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

describe('administration in the browser: wall displays', () => {
  it('makes a display, and a change of its layout reaches its open wall at once', async () => {
    const admin = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    const problems = watchPageProblems(admin);
    await signIn(admin, app.url, 'admin', '/admin');
    await admin.waitForSelector('[data-testid="admin-view"]');
    expect(await admin.locator('nav a[href="/admin"]').count()).toBe(1);

    // a site that does not exist is refused, in words, and nothing is made
    await admin.getByTestId('display-name').fill('Зал Холмск');
    await admin.getByTestId('display-sites').fill('atlantis');
    await admin.getByTestId('display-create-submit').click();
    await admin.waitForSelector('[data-testid="admin-error"]');
    expect(await admin.textContent('[data-testid="admin-error"]')).toMatch(/Сервер не принял изменение:.*sites: expected known site ids, got atlantis/);

    await admin.getByTestId('display-sites').fill('kholmsk');
    await admin.getByTestId('display-create-submit').click();
    const url = (await (await admin.waitForSelector('[data-testid="display-url"]')).textContent())!;
    expect(url).toMatch(/\/wall#token=/);

    // the TV opens it once
    const tv = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await tv.goto(url);
    await tv.waitForSelector('[data-testid="conn-status"][data-status="live"]');
    await tv.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    expect(await tv.getAttribute('html', 'data-theme')).toBe('dark');

    // the admin changes it: three tiles, light, 1.25×
    const row = admin.locator('[data-testid="display-row"]', { hasText: 'Зал Холмск' });
    await row.getByTestId('display-edit').click();
    const editor = admin.getByTestId('layout-editor');
    for (const tile of ['callbacks', 'appeals', 'lostCalls', 'trend', 'agents', 'today']) await editor.getByTestId(`tile-${tile}`).uncheck();
    await editor.getByTestId('layout-theme').selectOption('light');
    await editor.getByTestId('layout-scale').selectOption('1.25');
    await screenshot(admin, 'admin-editor-1920x1080');
    await editor.getByTestId('layout-save').click();
    await admin.waitForSelector('[data-testid="display-saved"]');
    await tv.waitForSelector('html[data-theme="light"]');
    await tv.waitForSelector('[data-testid="wall-grid"][data-tiles="queues,rings,conflicts"]');
    expect(await tv.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(await row.textContent()).toContain('плиток: 3');
    // the TV is on line, and reloads when asked
    expect(await row.getByTestId('display-screens').getAttribute('data-value')).toBe('1');
    await row.getByTestId('display-reload').click();
    await tv.waitForFunction(() => !(window as unknown as { stayed?: boolean }).stayed);
    await tv.waitForSelector('[data-testid="conn-status"][data-status="live"]');
    expect(await tv.getAttribute('html', 'data-theme')).toBe('light');
    await screenshot(tv, 'admin-changed-wall-1920x1080');

    for (const [width, height] of WALL_SIZES) {
      await admin.setViewportSize({ width, height });
      await screenshot(admin, `admin-${width}x${height}`);
    }
    expect(await seriousA11yViolations(admin)).toEqual([]);

    // revoked: the TV says so
    await row.getByTestId('display-revoke').click();
    await tv.waitForSelector('text=не авторизован', { timeout: 15_000 });
    expect(problems.filter((p) => !/\b400\b/.test(p))).toEqual([]);
  }, 90_000);

  it('adds a user, changes its role, refuses a short password in words, removes it', async () => {
    const admin = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await signIn(admin, app.url, 'admin', '/admin');
    await admin.waitForSelector('[data-testid="user-row"][data-login="admin"]');
    // the admin cannot demote or remove itself here
    expect(await admin.locator('[data-testid="user-row"][data-login="admin"] [data-testid="user-delete"]').count()).toBe(0);
    await admin.getByTestId('user-login').fill('ivanova');
    await admin.getByTestId('user-role').selectOption('duty');
    await admin.getByTestId('user-password').fill('short');
    await admin.getByTestId('user-sites').fill('kholmsk');
    await admin.getByTestId('user-create-submit').click();
    expect(await (await admin.waitForSelector('[data-testid="users-error"]')).textContent()).toMatch(/password: expected at least 12/);
    await admin.getByTestId('user-password').fill('correct horse battery staple');
    await admin.getByTestId('user-create-submit').click();
    const row = admin.locator('[data-testid="user-row"][data-login="ivanova"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('kholmsk');
    await row.getByTestId('user-row-role').selectOption('manager');
    await waitUntil(async () => (await app.users.get('ivanova'))?.role === 'manager', 'the role changed in the store');
    await screenshot(admin, 'admin-users-1366x768');
    await row.getByTestId('user-delete').click();
    await row.waitFor({ state: 'detached' });
    await waitUntil(async () => (await app.users.get('ivanova')) === null, 'the user removed');
  });

  it('issues an ingest source its key once, which then sends events; revokes it', async () => {
    const admin = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await signIn(admin, app.url, 'admin', '/admin');
    await admin.waitForSelector('[data-testid="source-row"][data-source="test-feed"]');
    await admin.getByTestId('source-name').fill('crm-1');
    await admin.getByTestId('source-create-submit').click();
    const key = (await (await admin.waitForSelector('[data-testid="source-key"]')).textContent())!.trim();
    await admin.waitForSelector('[data-testid="source-row"][data-source="crm-1"]');
    const send = () => fetch(`${app.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify([]) });
    expect((await send()).status).toBe(200);
    await admin.locator('[data-testid="source-row"][data-source="crm-1"]').getByTestId('source-remove').click();
    await admin.locator('[data-testid="source-row"][data-source="crm-1"]').waitFor({ state: 'detached' });
    await waitUntil(async () => (await send()).status === 401, 'the key refused');
    await screenshot(admin, 'admin-sources-1920x1080');
    // the audit log lists what was done, by whom, without the key
    await admin.waitForSelector('[data-testid="audit-row"][data-action="source.remove"]');
    const log = (await admin.textContent('[data-testid="audit-list"]'))!;
    expect(log).toContain('выдан ключ источника');
    expect(log).toContain('admin');
    expect(log).not.toContain(key);
    expect(await admin.textContent('[data-testid="audit-list"]')).toMatch(/изменён пользователь\s*ivanova.*role: duty → manager/s);
  });

  it('is for admins only', async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, app.url, 'manager', '/admin');
    await page.waitForSelector('[data-testid="console-view"], .placeholder');
    expect(await page.locator('[data-testid="admin-view"]').count()).toBe(0);
    expect(await page.locator('nav a[href="/admin"]').count()).toBe(0);
  });
});
