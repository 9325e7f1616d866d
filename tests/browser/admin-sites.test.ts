/**
 * Issue 20: an admin changes a site's limits in the browser — a wrong value is refused in words, a
 * check shows what would change without changing it, saving turns the open wall's queue red at
 * once (no event posted, no reload), going back to the file turns it back.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, seriousA11yViolations, signIn, watchPageProblems } from '../helpers/browser.js';
import { startTestApp, TEST_SITES, WALL_TOKEN, type TestApp } from '../helpers/start-app.js';
import { SiteConfig } from '../../server/domain/sites.js';
import { ev } from '../helpers/event-factory.js';
import { WALL_SIZES } from '../helpers/wall-sizes.js';

const SITE = 'kholmsk';
// open around the clock, and a caller may wait an hour before the queue turns amber: what the wall
// shows changes only when the admin changes it
const SITES = TEST_SITES.map((s) => SiteConfig.parse({ ...s, hours: '24/7', hotlineHours: '24/7', thresholds: { longestWait: { warnAbove: 3600, alertAbove: 7200 } } }));

let browser: Browser;
let app: TestApp;
beforeAll(async () => {
  browser = await launchChromium();
  app = await startTestApp({ sites: SITES });
  const res = await app.post([ev('call.queued', 0, { callId: 'adm-wait-1', queue: 'hotline', line: 'hotline' }, { site: SITE, base: Date.now() - 20_000 })]);
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const hotlineRow = (tv: Page) => tv.locator(`[data-testid="queue-row"][data-site="${SITE}"][data-queue="hotline"]`);

describe('administration in the browser: a site’s rules', () => {
  it('refuses a wrong value in words, previews a change without making it, and the wall follows a save and a reset', async () => {
    const tv = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await tv.goto(`${app.url}/wall?sites=${SITE}#token=${WALL_TOKEN}`);
    await tv.waitForSelector('[data-testid="conn-status"][data-status="live"]');
    await hotlineRow(tv).waitFor();
    expect(await hotlineRow(tv).getAttribute('data-level')).toBe('ok');

    const admin = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    const problems = watchPageProblems(admin);
    await signIn(admin, app.url, 'admin', '/admin');
    const row = admin.locator('[data-testid="site-row"][data-site="kholmsk"]');
    await row.waitFor();
    expect(await row.getByTestId('site-source').textContent()).toContain('из файла площадок');
    await row.getByTestId('site-edit').click();
    const editor = admin.locator('[data-testid="site-editor"][data-site="kholmsk"]');
    // the file's limit is in the field, the norms' default greyed in an empty one
    expect(await editor.getByTestId('limit-longestWait-alertAbove').inputValue()).toBe('7200');
    expect(await editor.getByTestId('limit-serviceLevel-warnBelow').getAttribute('placeholder')).toMatch(/^\d+$/);

    // what the form cannot read, and what the server refuses, in words
    await editor.getByTestId('site-norm-ringSeconds').fill('пять');
    await editor.getByTestId('site-preview-button').click();
    await admin.waitForSelector('[data-testid="sites-error"]');
    expect(await admin.textContent('[data-testid="sites-error"]')).toContain('norms.ringSeconds: expected a number, got "пять"');
    await editor.getByTestId('site-norm-ringSeconds').fill('5');
    await editor.getByTestId('site-time-zone').fill('Asia/Sahkalin');
    await editor.getByTestId('site-preview-button').click();
    await admin.waitForFunction(() => document.querySelector('[data-testid="sites-error"]')?.textContent?.includes('timeZone: an IANA time zone'));
    await editor.getByTestId('site-time-zone').fill('Asia/Sakhalin');

    // a caller waiting ~20 s turns the queue red if 10 s is the limit: the check says so, the wall is unchanged
    await editor.getByTestId('limit-longestWait-warnAbove').fill('5');
    await editor.getByTestId('limit-longestWait-alertAbove').fill('10');
    await editor.getByTestId('site-preview-button').click();
    const preview = editor.getByTestId('site-preview');
    await preview.locator('[data-testid="preview-row"][data-kpi="longestWait"][data-queue="hotline"][data-after="alert"]').waitFor();
    expect(await admin.locator('[data-testid="sites-error"]').count()).toBe(0);
    expect(await hotlineRow(tv).getAttribute('data-level')).toBe('ok');
    for (const [width, height] of WALL_SIZES) {
      await admin.setViewportSize({ width, height });
      await preview.scrollIntoViewIfNeeded();
      await screenshot(admin, `admin-site-preview-${width}x${height}`);
    }
    await admin.setViewportSize({ width: 1920, height: 1080 });

    // issue 16: a storm profile in which a 20 s wait is fine; the everyday limits stay in their fields as its placeholders
    await editor.getByTestId('site-storm-on').check();
    expect(await editor.getByTestId('storm-longestWait-alertAbove').getAttribute('placeholder')).toBe('10');
    await editor.getByTestId('storm-longestWait-warnAbove').fill('600');
    await editor.getByTestId('storm-longestWait-alertAbove').fill('1200');
    await editor.getByTestId('site-storm-on').scrollIntoViewIfNeeded();
    await screenshot(admin, 'admin-site-storm-1920x1080');

    await editor.getByTestId('site-save').click();
    await admin.waitForSelector('[data-testid="site-saved"]');
    await tv.waitForSelector(`[data-testid="queue-row"][data-site="${SITE}"][data-queue="hotline"][data-level="alarm"]`);
    // an incident opens: the site is judged by its storm profile and the row is calm; ended, it is red again
    const manager = await app.login('manager');
    const opened = await (await manager.fetch(`/api/v1/incidents/${SITE}`, { method: 'POST', json: { kind: 'outage', title: 'Отключение, ТП-12' } })).json();
    await tv.waitForSelector(`[data-testid="queue-row"][data-site="${SITE}"][data-queue="hotline"][data-level="ok"]`);
    await tv.waitForSelector('[data-testid="incident"][data-storm="true"]');
    await manager.fetch(`/api/v1/incidents/${SITE}/${opened.incidentId}/close`, { method: 'POST', json: {} });
    await tv.waitForSelector(`[data-testid="queue-row"][data-site="${SITE}"][data-queue="hotline"][data-level="alarm"]`);
    expect(await row.getByTestId('site-source').textContent()).toMatch(/изменено здесь: admin/);
    await screenshot(tv, 'admin-site-wall-after-1920x1080');
    expect(await seriousA11yViolations(admin)).toEqual([]);

    // back to the file: the wall is calm again
    await editor.getByTestId('site-reset').click();
    await admin.waitForFunction(() => document.querySelector('[data-testid="site-row"][data-site="kholmsk"] [data-testid="site-source"]')?.textContent?.includes('из файла'));
    await tv.waitForSelector(`[data-testid="queue-row"][data-site="${SITE}"][data-queue="hotline"][data-level="ok"]`);
    expect(problems).toEqual([]);
  });
});
