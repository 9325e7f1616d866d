/**
 * Issue 17 in a real browser: /reports in Russian for a duty officer — the compliance table of
 * the last days with the same figures the API gives, the export links answering files, and the
 * page printed to an A4 PDF (Chromium page.pdf) with the table on it; grouped by site, with a
 * chart per norm drawing the API's points and statuses. Rendered at three sizes.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { answeredCall } from '../helpers/event-factory.js';
import path from 'node:path';
import { launchChromium, screenshot, SCREENSHOTS, seriousA11yViolations, signIn, watchPageProblems } from '../helpers/browser.js';
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
  // three calls a day on the three days before today; at Kholmsk two a day, one of them rung 25 s (past 3 rings)
  const events: ObzorEvent[] = [];
  for (let d = 1; d <= 3; d++) for (let c = 0; c < 3; c++) events.push(...answeredCall(`rep-b-${d}-${c}`, today.minus({ days: d }).plus({ hours: 10 + c }).toMillis()));
  for (let d = 1; d <= 3; d++) {
    events.push(...answeredCall(`rep-k-${d}-0`, today.minus({ days: d }).plus({ hours: 9 }).toMillis(), 'kholmsk'));
    const at = today.minus({ days: d }).plus({ hours: 11 }).toMillis();
    const e = (type: string, ms: number, body: Record<string, unknown>) => events.push({ id: `rep-k-${d}-${type}`, type, at: new Date(at + ms).toISOString(), site: 'kholmsk', callId: `rep-k-${d}-1`, ...body } as ObzorEvent);
    e('call.queued', 0, { queue: 'hotline', line: 'hotline' });
    e('call.offered', 5000, { agentId: 'op-2' });
    e('call.answered', 30_000, { agentId: 'op-2' });
    e('call.ended', 200_000, { outcome: 'resolved' });
  }
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

  it('groups by site and draws a chart per norm with the server statuses, at three sizes and on A4', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    const problems = watchPageProblems(page);
    await signIn(page, app.url, 'duty', '/reports');
    await page.waitForSelector('[data-testid="report-form"]');
    const from = today.minus({ days: 3 }).toISODate()!;
    const to = today.minus({ days: 1 }).toISODate()!;
    await page.check('[data-testid="report-site-kholmsk"]');
    await page.fill('[data-testid="report-from"]', from);
    await page.fill('[data-testid="report-to"]', to);
    await page.selectOption('[data-testid="report-step"]', '1d');
    await page.selectOption('[data-testid="report-group"]', 'site');
    await page.click('[data-testid="report-show"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="report-group-block"]').length === 2);

    const duty = await app.login('duty');
    const api = (await (await duty.fetch(`/api/v1/reports/compliance?site=yuzhno-sakhalinsk,kholmsk&from=${from}&to=${to}&step=1d&group=site`)).json()) as ComplianceReport;
    expect(api.totals.offered).toBe(15);
    // a block per site, in the asked order, each with the API's judgement of its rows
    expect(await page.$$eval('[data-testid="report-group-block"]', (els) => els.map((e) => e.getAttribute('data-group')))).toEqual(['yuzhno-sakhalinsk', 'kholmsk']);
    const blockStatuses = await page.$$eval('[data-testid="report-group-block"]', (els) => els.map((e) => [...e.querySelectorAll('[data-testid="group-row"]')].map((tr) => tr.getAttribute('data-status'))));
    expect(blockStatuses).toEqual(api.groups!.map((g) => g.rows.map((r) => r.status)));
    expect(await page.textContent('[data-testid="report-group-block"][data-group="kholmsk"]')).toContain('Площадка: Холмск');

    // a chart per norm with a value: its canvas, a point per day, the statuses as the API gave them
    const charted = api.rows.filter((r) => r.intervals > 0);
    await page.waitForFunction((n) => [...document.querySelectorAll('[data-testid="norm-chart"]')].filter((c) => (c as HTMLElement).dataset.points !== undefined).length === n, charted.length);
    const charts = await page.$$eval('[data-testid="norm-chart"]', (els) => els.map((e) => ({ kpi: e.getAttribute('data-kpi'), canvas: !!e.querySelector('canvas'), points: Number((e as HTMLElement).dataset.points), statuses: JSON.parse((e as HTMLElement).dataset.statuses ?? '[]') as string[], text: e.textContent ?? '' })));
    expect(charts.map((c) => c.kpi)).toEqual(charted.map((r) => r.kpi));
    for (const c of charts) {
      const row = api.rows.find((r) => r.kpi === c.kpi)!;
      expect(c.canvas).toBe(true);
      expect(c.points).toBe(api.intervals.filter((i) => i.values[row.kpi] !== null).length);
      expect(c.statuses).toEqual(api.intervals.map((i) => i.statuses[row.kpi]));
    }
    expect(charts.find((c) => c.kpi === 'answeredIn3Rings')!.text).toContain('Ответ не позднее 3-го гудка');
    expect(charts.find((c) => c.kpi === 'answeredIn3Rings')!.statuses).toContain('alert');
    expect(charts.find((c) => c.kpi === 'answeredIn3Rings')!.points).toBe(3);

    for (const [width, height] of WALL_SIZES) {
      await page.setViewportSize({ width, height });
      await screenshot(page, `reports-grouped-${width}x${height}`);
      await page.locator('[data-testid="report-charts"]').scrollIntoViewIfNeeded();
      await screenshot(page, `reports-charts-${width}x${height}`);
      await page.evaluate(() => window.scrollTo(0, 0));
    }
    expect(await seriousA11yViolations(page)).toEqual([]);

    // A4 landscape at 96 dpi, as the browser lays a page out when it prints (page.pdf does not resize the page's charts)
    await page.setViewportSize({ width: 1123, height: 794 });
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('[data-testid="report-charts"]')).toBe(true);
    // every chart redrawn for paper (light palette, the page's width) before the PDF is made
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('[data-testid="norm-chart"]')].every((c) => c.dataset.medium === 'print' && Number(c.dataset.width) <= c.getBoundingClientRect().width + 1));
    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true, path: path.join(SCREENSHOTS, 'reports-grouped.pdf') });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(problems).toEqual([]);
  }, 90_000);
});
