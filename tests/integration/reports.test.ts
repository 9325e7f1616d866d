/**
 * Issue 17, the compliance report through the real API on a real Redis: a seeded generator posts
 * six weeks of calls across a month and a year boundary; every figure of the report is checked
 * against values the test computes itself from what it generated; the CSV and the XLSX (read back
 * with exceljs) hold the same numbers; and the route refuses what is wrong in words.
 */
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../server/demo/call-centre-sim.js';
import type { ObzorEvent } from '../../shared/events.js';
import type { ComplianceReport } from '../../shared/reports.js';
import { startTestApp, type Session, type TestApp } from '../helpers/start-app.js';

const ZONE = 'Asia/Sakhalin';
const SITE = 'yuzhno-sakhalinsk';
const day = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
const FIRST = day('2025-12-01');
const DAYS = 42; // to 2026-01-11
const NOW = day('2026-01-12T10:00').toMillis();

interface Made {
  day: string;
  queuedAt: number;
  answered: boolean;
  in3Rings: boolean;
  connectSec: number;
  handleSec: number;
}

/** each day 4–14 calls at random hours: waits, rings, answers or abandons, talk; what was made is kept to check against */
function generate(): { events: ObzorEvent[]; made: Made[] } {
  const rnd = seededRandom(17);
  const events: ObzorEvent[] = [];
  const made: Made[] = [];
  let n = 0;
  for (let d = 0; d < DAYS; d++) {
    const date = FIRST.plus({ days: d });
    const calls = 4 + Math.floor(rnd() * 11);
    for (let c = 0; c < calls; c++) {
      const callId = `rep-${d}-${c}`;
      const queuedAt = date.plus({ minutes: 30 + Math.floor(rnd() * 22 * 60) }).toMillis();
      const e = (type: string, at: number, body: Record<string, unknown>) => events.push({ id: `rep-e${++n}`, type, at: new Date(at).toISOString(), site: SITE, callId, ...body } as ObzorEvent);
      e('call.queued', queuedAt, { queue: 'hotline', line: 'hotline' });
      const offeredAt = queuedAt + (1 + Math.floor(rnd() * 60)) * 1000;
      e('call.offered', offeredAt, { agentId: 'op-1' });
      if (rnd() < 0.15) {
        // hung up while it rang, after the short-abandon time
        e('call.abandoned', offeredAt + 8000, {});
        made.push({ day: date.toISODate()!, queuedAt, answered: false, in3Rings: false, connectSec: 0, handleSec: 0 });
        continue;
      }
      // rings of 2–14 s (within 3 rings × 5 s) or 17–30 s (past): never on the limit itself
      const ringMs = (rnd() < 0.8 ? 2 + Math.floor(rnd() * 13) : 17 + Math.floor(rnd() * 14)) * 1000;
      const answeredAt = offeredAt + ringMs;
      const connectedAt = answeredAt + 5000;
      const handleSec = 100 + Math.floor(rnd() * 500);
      e('call.answered', answeredAt, { agentId: 'op-1' });
      e('call.connected', connectedAt, { specialistId: 'sp-1' });
      e('call.ended', answeredAt + handleSec * 1000, { outcome: 'resolved' });
      made.push({ day: date.toISODate()!, queuedAt, answered: true, in3Rings: ringMs <= 15_000, connectSec: (connectedAt - queuedAt) / 1000, handleSec });
    }
  }
  return { events, made };
}

const { events, made } = generate();
let app: TestApp;
let duty: Session;

beforeAll(async () => {
  app = await startTestApp({ clock: () => NOW });
  duty = await app.login('duty');
  for (let i = 0; i < events.length; i += 1000) {
    const res = await app.post(events.slice(i, i + 1000));
    expect(res.json.results.filter((r: { status: string }) => r.status !== 'accepted')).toEqual([]);
  }
}, 60_000);
afterAll(async () => {
  await app?.close();
});

/** what the test itself says of a set of calls */
function expected(calls: readonly Made[]) {
  const answered = calls.filter((c) => c.answered);
  return {
    offered: calls.length,
    answered: answered.length,
    abandoned: calls.length - answered.length,
    in3Rings: answered.length ? answered.filter((c) => c.in3Rings).length / answered.length : null,
    connect: answered.length ? answered.reduce((s, c) => s + c.connectSec, 0) / answered.length : null,
    handle: answered.length ? answered.reduce((s, c) => s + c.handleSec, 0) / answered.length : null,
  };
}
const between = (from: DateTime, to: DateTime) => made.filter((c) => c.queuedAt >= from.toMillis() && c.queuedAt < to.toMillis());

describe('the compliance report', () => {
  const url = `/api/v1/reports/compliance?site=${SITE}&from=2025-12-29&to=2026-01-04&step=1d`;

  it('holds every figure the test computes from what it posted, over a year boundary', async () => {
    const res = await duty.fetch(url);
    expect(res.status).toBe(200);
    const r = (await res.json()) as ComplianceReport;
    const from = day('2025-12-29');
    const to = day('2026-01-05');
    const whole = expected(between(from, to));
    expect(r.period).toEqual({ from: from.toMillis(), to: to.toMillis() });
    expect(r.totals).toEqual({ offered: whole.offered, answered: whole.answered, abandoned: whole.abandoned });
    expect(r.intervals).toHaveLength(7);
    const row = (kpi: string) => r.rows.find((x) => x.kpi === kpi)!;
    expect(row('answeredIn3Rings').value).toBeCloseTo(whole.in3Rings!, 9);
    expect(row('connectAvg').value).toBeCloseTo(whole.connect!, 6);
    expect(row('handleAvg').value).toBeCloseTo(whole.handle!, 6);

    // each day, and how many days kept N1 (not below its 95 % warn limit) and N2 (not above 40 s)
    let n1Within = 0;
    let n2Within = 0;
    for (let d = 0; d < 7; d++) {
      const x = expected(between(from.plus({ days: d }), from.plus({ days: d + 1 })));
      const iv = r.intervals[d]!;
      expect(iv.start).toBe(from.plus({ days: d }).toMillis());
      expect([iv.offered, iv.answered, iv.abandoned]).toEqual([x.offered, x.answered, x.abandoned]);
      expect(iv.values.answeredIn3Rings).toBeCloseTo(x.in3Rings!, 9);
      if (x.in3Rings! >= 0.95) n1Within++;
      if (x.connect! <= 40) n2Within++;
    }
    expect([row('answeredIn3Rings').withinNorm, row('answeredIn3Rings').intervals]).toEqual([n1Within, 7]);
    expect([row('connectAvg').withinNorm, row('connectAvg').intervals]).toEqual([n2Within, 7]);
    expect(row('answeredIn3Rings').compliance).toBeCloseTo(n1Within / 7, 9);
    // the worst day of N1 is the lowest share, first
    const lowest = Math.min(...r.intervals.map((i) => i.values.answeredIn3Rings!));
    if (n1Within < 7) expect(row('answeredIn3Rings').worst[0]!.value).toBe(lowest);

    // the week before; a year before nothing was kept (no calls): null, not 0
    const prev = expected(between(day('2025-12-22'), from));
    expect(row('answeredIn3Rings').previous).toBeCloseTo(prev.in3Rings!, 9);
    expect(row('connectAvg').previous).toBeCloseTo(prev.connect!, 6);
    expect(row('answeredIn3Rings').yearBefore).toBeNull();
    expect(r.previousPeriod).toEqual({ from: day('2025-12-22').toMillis(), to: from.toMillis() });
    expect(r.yearBeforePeriod).toEqual({ from: day('2024-12-29').toMillis(), to: day('2025-01-05').toMillis() });
  });

  it('exports the same figures as CSV (UTF-8 with BOM, ";" and decimal commas) and XLSX', async () => {
    const json = (await (await duty.fetch(url)).json()) as ComplianceReport;
    const csvRes = await duty.fetch(`${url}&format=csv`);
    expect(csvRes.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csvRes.headers.get('content-disposition')).toMatch(/^attachment; filename="?obzor-compliance-yuzhno-sakhalinsk-2025-12-29--2026-01-04\.csv"?$/);
    const bytes = new Uint8Array(await csvRes.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes).slice(1);
    expect(csv).toContain('Соблюдение стандарта обслуживания');
    const n1Line = csv.split('\r\n').find((l) => l.startsWith('N1;Ответ не позднее 3-го гудка'))!;
    const n1Share = Math.round(json.rows[0]!.value! * 1000) / 10;
    expect(n1Line.split(';')[2]).toBe(String(n1Share).replace('.', ','));

    const comma = await (await duty.fetch(`${url}&format=csv&sep=comma&lang=en`)).text();
    expect(comma).toContain('N1,Answered within 3 rings,' + String(n1Share));

    const xlsxRes = await duty.fetch(`${url}&format=xlsx`);
    expect(xlsxRes.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsxRes.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['Итоги', 'Интервалы']);
    const sheet = book.worksheets[0]!;
    let found: unknown[] | undefined;
    sheet.eachRow((row) => {
      const v = row.values as unknown[];
      if (v[1] === 'N1' && v[2] === 'Ответ не позднее 3-го гудка') found = v;
    });
    expect(found?.[3]).toBe(n1Share);
    // the intervals sheet: a row per day with the same counts as the JSON
    const days: number[] = [];
    book.worksheets[1]!.eachRow((row) => {
      const v = row.values as unknown[];
      if (typeof v[3] === 'number') days.push(v[3]);
    });
    expect(days).toEqual(json.intervals.map((i) => i.offered));
  });

  it('refuses what is wrong in words, and walls', async () => {
    const bad = async (q: string) => (await (await duty.fetch(`/api/v1/reports/compliance?site=${SITE}&${q}`)).json()).error as string;
    expect(await bad('from=2026-02-30')).toMatch(/^from: expected an RFC 3339 time/);
    expect(await bad('from=2026-01-05&to=2026-01-01')).toBe('to: expected a time after from');
    expect(await bad('from=2024-01-01&to=2026-01-01&step=1h')).toMatch(/^to: at most 400 days from "from" by 1h/);
    // by days, the roll-ups reach years back
    expect((await duty.fetch(`/api/v1/reports/compliance?site=${SITE}&from=2024-01-01&to=2025-12-31&step=1d`)).status).toBe(200);
    expect(await bad('from=2025-12-01&to=2026-01-10&step=15m')).toMatch(/^step: \d+ intervals of 15m asked for, at most 3000/);
    expect(await bad('format=pdf')).toMatch(/^format: expected "json" \| "csv" \| "xlsx"/);
    expect((await app.wallFetch(`/api/v1/reports/compliance?site=${SITE}`)).status).toBe(403);
  });
});
