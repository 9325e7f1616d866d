/**
 * Issue 17 in a real browser: /reports in Russian for a manager — the operator report of the last
 * days with the figures the API gives (names, rings, talk, after-call work, pauses by reason),
 * its export links answering files, and the page printed to an A4 PDF; rendered at three sizes.
 * A duty officer is not offered it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { ev } from '../helpers/event-factory.js';
import { launchChromium, screenshot, seriousA11yViolations, signIn, watchPageProblems } from '../helpers/browser.js';
import { startTestApp, type TestApp } from '../helpers/start-app.js';
import { WALL_SIZES } from '../helpers/wall-sizes.js';
import type { ObzorEvent } from '../../shared/events.js';
import type { OperatorReport } from '../../shared/operator-report.js';

const ZONE = 'Asia/Sakhalin';
let app: TestApp;
let browser: Browser;
const today = DateTime.now().setZone(ZONE).startOf('day');
const OPS = [
  { id: '1001', name: 'Смирнова Мария Петровна' },
  { id: '1002', name: 'Ким Анна' },
  { id: '1003', name: 'Петров Иван' },
];

/** a morning of each operator on the three days before today: calls with talk and wrap-up, a lunch and an unexplained pause */
function morning(d: number): ObzorEvent[] {
  const out: ObzorEvent[] = [];
  OPS.forEach((op, i) => {
    const base = today.minus({ days: d }).plus({ hours: 9, minutes: i * 7 }).toMillis();
    const o = { base };
    const st = (sec: number, state: 'available' | 'on_call' | 'wrap_up' | 'paused' | 'offline', reason?: string) => out.push(ev('agent.state', sec, { agentId: op.id, state, name: op.name, ...(reason ? { reason } : {}) }, o));
    st(0, 'available');
    for (let c = 0; c <= i + 1; c++) {
      const t = 60 + c * 900;
      const callId = `opb-${d}-${op.id}-${c}`;
      out.push(ev('call.queued', t, { callId, queue: 'hotline', line: 'hotline' }, o), ev('call.offered', t + 5, { callId, agentId: op.id }, o));
      if (c === 2) {
        out.push(ev('call.ring_no_answer', t + 25, { callId, agentId: op.id }, o), ev('call.abandoned', t + 35, { callId }, o));
        out.push(ev('call.lost_called_back', t + 600, { callId, outcome: 'reached', actor: op.id }, o));
        continue;
      }
      out.push(ev('call.answered', t + 12 + i * 4, { callId, agentId: op.id }, o), ev('call.ended', t + 200 + c * 60, { callId, outcome: 'resolved' }, o));
      st(t + 12 + i * 4, 'on_call');
      st(t + 200 + c * 60, 'wrap_up');
      st(t + 260 + c * 60 + i * 10, 'available');
    }
    st(3 * 900 + 100, 'paused', 'обед');
    st(3 * 900 + 100 + 1800 + i * 120, 'available');
    st(3 * 900 + 2200 + i * 120, 'paused');
    st(3 * 900 + 2500 + i * 120, 'offline');
  });
  return out;
}

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchChromium();
  const res = await app.post([1, 2, 3].flatMap(morning));
  expect(res.json.results.filter((r: { status: string }) => r.status !== 'accepted')).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('/reports, the operator report', () => {
  it('shows each operator of a period in Russian, exports it and prints it on A4', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    const problems = watchPageProblems(page);
    await signIn(page, app.url, 'manager', '/reports');
    await page.waitForSelector('[data-testid="report-kind"]');
    const from = today.minus({ days: 3 }).toISODate()!;
    const to = today.minus({ days: 1 }).toISODate()!;
    await page.selectOption('[data-testid="report-kind"]', 'operators');
    // the operator report has no step and no queue
    expect(await page.isVisible('[data-testid="report-step"]')).toBe(false);
    await page.fill('[data-testid="report-from"]', from);
    await page.fill('[data-testid="report-to"]', to);
    await page.click('[data-testid="report-show"]');
    await page.waitForSelector('[data-testid="operator-row"]');

    const manager = await app.login('manager');
    const api = (await (await manager.fetch(`/api/v1/reports/operators?site=yuzhno-sakhalinsk&from=${from}&to=${to}`)).json()) as OperatorReport;
    expect(api.rows.map((r) => r.agentId)).toEqual(['1002', '1003', '1001']);
    const rows = await page.$$eval('[data-testid="operator-row"]', (trs) =>
      trs.map((tr) => ({
        agent: tr.getAttribute('data-agent'),
        name: tr.querySelector('th')?.textContent?.trim(),
        offered: tr.querySelector('[data-testid="operator-offered"]')?.textContent?.trim(),
        answered: tr.querySelector('[data-testid="operator-answered"]')?.textContent?.trim(),
        acw: tr.querySelector('[data-testid="operator-acw"]')?.textContent?.trim(),
        pauses: tr.querySelector('[data-testid="operator-pauses"]')?.textContent?.trim(),
      })),
    );
    expect(rows.map((r) => r.agent)).toEqual(api.rows.map((r) => r.agentId));
    for (const [i, r] of api.rows.entries()) {
      expect(rows[i]!.name).toContain(r.name!);
      expect([rows[i]!.offered, rows[i]!.answered]).toEqual([String(r.offered), String(r.answered)]);
      expect(rows[i]!.acw).toContain(`${String(Math.round(r.acwAvgSec! * 10) / 10).replace('.', ',')} с`);
      expect(rows[i]!.pauses).toContain('обед: ');
      expect(rows[i]!.pauses).toContain('без причины: ');
    }
    const table = await page.textContent('[data-testid="operator-table"]');
    for (const word of ['Оператор', 'Предложено', 'Принято', 'Пропущено', 'Дольше 3 гудков', 'Средняя постобработка', 'Паузы', 'Итого']) expect(table).toContain(word);
    expect(await page.textContent('[data-testid="operator-report"]')).toContain('Отчёт по операторам');

    // the export links answer files of the same report
    const csv = await page.evaluate(async (href) => {
      const r = await fetch(href!);
      return { type: r.headers.get('content-type'), text: await r.text() };
    }, await page.getAttribute('[data-testid="operator-csv"]', 'href'));
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.text).toContain('Смирнова Мария Петровна;1001;');
    expect(await page.evaluate(async (href) => (await fetch(href!)).status, await page.getAttribute('[data-testid="operator-xlsx"]', 'href'))).toBe(200);

    for (const [width, height] of WALL_SIZES) {
      await page.setViewportSize({ width, height });
      await screenshot(page, `operator-report-${width}x${height}`);
    }
    expect(await seriousA11yViolations(page)).toEqual([]);

    // print: A4, the table there, the form, the links and the navigation not
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('[data-testid="report-form"]')).toBe(false);
    expect(await page.isVisible('[data-testid="operator-csv"]')).toBe(false);
    expect(await page.isVisible('[data-testid="operator-table"]')).toBe(true);
    await screenshot(page, 'operator-report-print-1920x1080');
    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);
  }, 90_000);

  it('is not offered to a duty officer', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await signIn(page, app.url, 'duty', '/reports');
    await page.waitForSelector('[data-testid="report-form"]');
    // the compliance and appeals reports are theirs; the operators' is not offered
    await page.waitForSelector('[data-testid="report-kind"] option[value="appeals"]', { state: 'attached' });
    expect(await page.locator('[data-testid="report-kind"] option[value="operators"]').count()).toBe(0);
    expect(await page.evaluate(async () => (await fetch('/api/v1/reports/operators')).status)).toBe(403);
  }, 60_000);
});
