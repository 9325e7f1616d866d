/**
 * Issue 17 in a real browser: /reports in Russian for a duty officer — the compliance table of
 * the last days with the same figures the API gives, the export links answering files, and the
 * page printed to an A4 PDF (Chromium page.pdf) with the table on it. Rendered at three sizes.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { answeredCall } from '../helpers/event-factory.js';
import { launchChromium, screenshot, seriousA11yViolations, signIn, watchPageProblems } from '../helpers/browser.js';
import { startTestApp, type TestApp } from '../helpers/start-app.js';
import { WALL_SIZES } from '../helpers/wall-sizes.js';
import type { ComplianceReport } from '../../shared/reports.js';
import type { ObzorEvent } from '../../shared/events.js';

const ZONE = 'Asia/Sakhalin';
let app: TestApp;
let browser: Browser;
const today = DateTime.now().setZone(ZONE).startOf('day');

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchChromium();
  // three calls a day on the three days before today
  const events: ObzorEvent[] = [];
  for (let d = 1; d <= 3; d++) for (let c = 0; c < 3; c++) events.push(...answeredCall(`rep-b-${d}-${c}`, today.minus({ days: d }).plus({ hours: 10 + c }).toMillis()));
  const res = await app.post(events);
  expect(res.json.results.filter((r: { status: string }) => r.status !== 'accepted')).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('/reports', () => {
  it('shows the compliance of a period, exports it and prints it on A4', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    const problems = watchPageProblems(page);
    await signIn(page, app.url, 'duty', '/reports');
    await page.waitForSelector('[data-testid="report-form"]');
    const from = today.minus({ days: 3 }).toISODate()!;
    const to = today.minus({ days: 1 }).toISODate()!;
    await page.fill('[data-testid="report-from"]', from);
    await page.fill('[data-testid="report-to"]', to);
    await page.selectOption('[data-testid="report-step"]', '1d');
    await page.click('[data-testid="report-show"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="report-totals"]')?.textContent?.includes('9'));

    const duty = await app.login('duty');
    const api = (await (await duty.fetch(`/api/v1/reports/compliance?site=yuzhno-sakhalinsk&from=${from}&to=${to}&step=1d`)).json()) as ComplianceReport;
    expect(api.totals.offered).toBe(9);
    // every row of the table, in the API's order, with the API's judgement; N2 written as the API's seconds
    const rows = await page.$$eval('[data-testid="compliance-row"]', (trs) => trs.map((tr) => ({ kpi: tr.getAttribute('data-kpi'), status: tr.getAttribute('data-status'), value: tr.querySelector('[data-testid="compliance-value"]')?.textContent?.trim() })));
    expect(rows.map((r) => [r.kpi, r.status])).toEqual(api.rows.map((r) => [r.kpi, r.status]));
    const connect = api.rows.find((r) => r.kpi === 'connectAvg')!;
    expect(rows.find((r) => r.kpi === 'connectAvg')!.value).toContain(`${String(Math.round(connect.value! * 10) / 10).replace('.', ',')} с`);
    expect(await page.textContent('[data-testid="compliance-table"]')).toContain('Ответ не позднее 3-го гудка');

    // the export links answer files of the same report
    const csvHref = await page.getAttribute('[data-testid="report-csv"]', 'href');
    const csv = await page.evaluate(async (href) => {
      const r = await fetch(href!);
      return { type: r.headers.get('content-type'), text: await r.text() };
    }, csvHref);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.text).toContain('Соблюдение стандарта обслуживания');
    const xlsx = await page.evaluate(async (href) => (await fetch(href!)).status, await page.getAttribute('[data-testid="report-xlsx"]', 'href'));
    expect(xlsx).toBe(200);

    for (const [width, height] of WALL_SIZES) {
      await page.setViewportSize({ width, height });
      await screenshot(page, `reports-${width}x${height}`);
    }
    expect(await seriousA11yViolations(page)).toEqual([]);

    // print: A4, the table there, the form and the navigation not
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('[data-testid="report-form"]')).toBe(false);
    expect(await page.isVisible('[data-testid="compliance-table"]')).toBe(true);
    await screenshot(page, 'reports-print-1920x1080');
    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);
  }, 90_000);

  it('opens from another view, the sites already known: it shows the report at once, without a page error', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const problems = watchPageProblems(page);
    await signIn(page, app.url, 'duty', '/duty');
    // the duty view has had its snapshot: the dashboard knows the sites before /reports mounts
    await page.waitForSelector('[data-testid="conn-status"][data-status="live"]');
    await page.click('a[href="/reports"]');
    await page.waitForSelector('[data-testid="report-totals"]');
    expect(problems).toEqual([]);
  }, 60_000);
});
