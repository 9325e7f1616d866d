/**
 * Issue 17 in a real browser: /reports → "Обращения" in Russian for a duty officer — the table by
 * channel and client type with the API's figures, the rejected by reason, the regulator's year on
 * year, the export links answering files, and the page printed to an A4 PDF (Chromium page.pdf).
 * Rendered at the three screen sizes; the screenshots are looked at by whoever changes the view.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import path from 'node:path';
import { launchChromium, SCREENSHOTS, screenshot, seriousA11yViolations, signIn, watchPageProblems } from '../helpers/browser.js';
import { startTestApp, type TestApp } from '../helpers/start-app.js';
import { WALL_SIZES } from '../helpers/wall-sizes.js';
import type { AppealsReport } from '../../shared/appeals-report.js';
import type { ObzorEvent } from '../../shared/events.js';

const ZONE = 'Asia/Sakhalin';
const SITE = 'yuzhno-sakhalinsk';
const HOUR = 3_600_000;
let app: TestApp;
let browser: Browser;
// a fixed clock: the same figures, year and page whatever the day the test runs
const NOW = DateTime.fromISO('2026-01-20T10:00', { zone: ZONE });
const today = NOW.startOf('day');
const from = today.minus({ days: 6 }).toISODate()!;
const to = today.minus({ days: 1 }).toISODate()!;

beforeAll(async () => {
  app = await startTestApp({ clock: () => NOW.toMillis() });
  browser = await launchChromium();
  const events: ObzorEvent[] = [];
  let n = 0;
  const appeal = (appealId: string, registeredAt: number, reg: Record<string, unknown>, then?: { type: string; at: number; body?: Record<string, unknown> }) => {
    events.push({ id: `ab-${++n}`, type: 'appeal.registered', at: new Date(registeredAt).toISOString(), site: SITE, appealId, ...reg } as ObzorEvent);
    if (then) events.push({ id: `ab-${++n}`, type: then.type, at: new Date(then.at).toISOString(), site: SITE, appealId, ...then.body } as ObzorEvent);
  };
  // the period: each channel and client type, answered by the deadline, after it, rejected, open
  const kinds = [
    ['phone', 'individual'],
    ['phone', 'legal'],
    ['mail', 'individual'],
    ['mail', 'legal'],
    ['interactive', 'individual'],
    ['answering_machine', 'individual'],
    ['answering_machine', 'legal'],
  ] as const;
  kinds.forEach(([channel, clientType], k) => {
    for (let i = 0; i < 4; i++) {
      const at = today.minus({ days: 6 - ((k + i) % 4) }).plus({ hours: 10 + i }).toMillis();
      const dueAt = at + 24 * HOUR;
      const reg = { channel, clientType, replyVia: 'phone', dueAt: new Date(dueAt).toISOString() };
      const id = `br-${k}-${i}`;
      if (i === 0) appeal(id, at, reg, { type: 'appeal.answered', at: dueAt - 5 * HOUR });
      else if (i === 1 && k % 2 === 0) appeal(id, at, reg, { type: 'appeal.answered', at: dueAt + 20 * HOUR });
      else if (i === 2) appeal(id, at, reg, { type: 'appeal.rejected', at: at + HOUR, body: { reason: (['abusive', 'no_client_data', 'commercial_secret'] as const)[k % 3] } });
      else appeal(id, at, reg);
    }
  });
  // a year before the period: the regulator's year N−1 (phone and mail only)
  const yearAgo = DateTime.fromISO('2025-06-16T12:00', { zone: ZONE }).toMillis();
  for (let i = 0; i < 5; i++) appeal(`br-old-${i}`, yearAgo + i * HOUR, { channel: i < 3 ? 'phone' : 'mail', clientType: 'individual', replyVia: 'phone' });
  const res = await app.post(events);
  expect(res.json.results.filter((r: { status: string }) => r.status !== 'accepted')).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('/reports, the appeals report', () => {
  it('shows the appeals of a period by channel, the regulator’s year on year, exports it and prints it on A4', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    const problems = watchPageProblems(page);
    await signIn(page, app.url, 'duty', '/reports');
    await page.waitForSelector('[data-testid="report-form"]');
    await page.selectOption('[data-testid="report-kind"]', 'appeals');
    // the compliance report's own fields are gone, the year of the comparison is there
    expect(await page.isVisible('[data-testid="report-step"]')).toBe(false);
    expect(await page.isVisible('[data-testid="report-year"]')).toBe(true);
    await page.fill('[data-testid="report-from"]', from);
    await page.fill('[data-testid="report-to"]', to);
    await page.click('[data-testid="report-show"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="appeals-total"] [data-col="registered"]')?.textContent?.trim() === '28');

    const duty = await app.login('duty');
    const api = (await (await duty.fetch(`/api/v1/reports/appeals?site=${SITE}&from=${from}&to=${to}`)).json()) as AppealsReport;
    // the open ones' deadlines (a day after registration) have all passed by "now"
    expect(api.totals).toMatchObject({ registered: 28, onTime: 7, late: 4, rejected: 7, open: 10, overdue: 10 });
    // every row as the API's, in its order
    const rows = await page.$$eval('[data-testid="appeals-row"]', (trs) =>
      trs.map((tr) => ({ pair: tr.getAttribute('data-pair'), cells: ['registered', 'onTime', 'late', 'rejected', 'open', 'overdue', 'avgDays'].map((c) => tr.querySelector(`[data-col="${c}"]`)?.textContent?.trim()) })),
    );
    const days = (d: number | null) => (d === null ? '—' : String(Math.round(d * 10) / 10).replace('.', ','));
    expect(rows).toEqual(api.rows.map((r) => ({ pair: `${r.channel}:${r.clientType}`, cells: [r.registered, r.onTime, r.late, r.rejected, r.open, r.overdue ?? '—'].map(String).concat(days(r.avgDaysToAnswer)) })));
    // the period with its year (a report crosses years)
    expect(await page.textContent('[data-testid="appeals-period"]')).toBe('Период: 14.01.2026 00:00 — 19.01.2026 23:59');
    const text = await page.textContent('[data-testid="appeals-report"]');
    for (const word of ['Обращения по каналам и типам клиентов', 'автоответчик', 'юридическое лицо', 'Отвечено с нарушением срока', 'нет данных клиента', 'коммерческая тайна']) expect(text).toContain(word);

    // the regulator's table: N−1 had phone and mail only, so the others' change is "—", never ∞
    expect(api.regulator.year).toBe(2026);
    expect(await page.textContent('[data-testid="appeals-regulator"]')).toContain('2025');
    const reg = await page.$$eval('[data-testid="appeals-regulator-row"]', (trs) => trs.map((tr) => [tr.getAttribute('data-channel'), ...[...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())]));
    const phone = api.regulator.rows.find((x) => x.channel === 'phone')!;
    expect(phone.previous).toBe(3);
    expect(reg.find((x) => x[0] === 'interactive')).toEqual(['interactive', '0', String(api.regulator.rows.find((x) => x.channel === 'interactive')!.current), '—']);
    expect(text).not.toContain('Infinity');
    expect(text).not.toContain('∞');

    // the export links answer files of the same report
    const csv = await page.evaluate(async (href) => {
      const r = await fetch(href!);
      return { type: r.headers.get('content-type'), text: await r.text() };
    }, await page.getAttribute('[data-testid="appeals-csv"]', 'href'));
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.text).toContain(`Итого;;28;7;4;7;10;10;`);
    const xlsx = await page.evaluate(async (href) => (await fetch(href!)).status, await page.getAttribute('[data-testid="appeals-xlsx"]', 'href'));
    expect(xlsx).toBe(200);

    for (const [width, height] of WALL_SIZES) {
      await page.setViewportSize({ width, height });
      await page.waitForFunction(([w, h]) => window.innerWidth === w && window.innerHeight === h, [width, height] as const);
      await screenshot(page, `appeals-report-${width}x${height}`);
      // nothing wider than the page: no sideways scrolling at any size
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${width}x${height}`).toBe(true);
    }
    await page.setViewportSize({ width: 1920, height: 1080 });
    // the pointer off "Показать" (the primary button's hover colour is the desk's, lighter than at rest)
    await page.mouse.move(0, 0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // print: A4, the tables there, the form and the navigation not
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('[data-testid="report-form"]')).toBe(false);
    expect(await page.isVisible('[data-testid="appeals-table"]')).toBe(true);
    expect(await page.isVisible('[data-testid="appeals-regulator"]')).toBe(true);
    expect(await page.isVisible('[data-testid="appeals-print"]')).toBe(false);
    await screenshot(page, 'appeals-report-print-1920x1080');
    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true, path: path.join(SCREENSHOTS, 'appeals-report.pdf') });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);

    // the same report in English (?lang=en): the words of shared/appeals-report-words.ts, the same numbers
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${app.url}/reports?lang=en`);
    await page.waitForSelector('[data-testid="report-kind"]');
    await page.selectOption('[data-testid="report-kind"]', 'appeals');
    await page.fill('[data-testid="report-from"]', from);
    await page.fill('[data-testid="report-to"]', to);
    await page.click('[data-testid="report-show"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="appeals-total"] [data-col="registered"]')?.textContent?.trim() === '28');
    const en = await page.textContent('[data-testid="appeals-report"]');
    for (const word of ['Appeals by channel and client type', 'answering machine', 'legal entity', 'Answered late', 'no client data', 'Appeals by channel, 2025 and 2026']) expect(en).toContain(word);
    expect(await page.getAttribute('[data-testid="appeals-csv"]', 'href')).toContain('lang=en');
    await page.mouse.move(0, 0);
    await screenshot(page, 'appeals-report-en-1366x768');
    expect(problems).toEqual([]);
  }, 120_000);
});
