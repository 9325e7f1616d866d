/**
 * Issue 17, the operator report through the real API on a real Redis: a seeded generator posts
 * ten days of four operators' calls and states — talk, after-call work, pauses with and without a
 * reason, rings let go, lost callers called back — across a month and a year boundary (a night
 * shift works through New Year's midnight); every figure is checked against what the test
 * computes itself from what it generated; the CSV and XLSX (read back with exceljs) hold the same
 * numbers; duty and walls are refused, and bad queries answered with the field in words.
 */
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../server/demo/call-centre-sim.js';
import type { ObzorEvent } from '../../shared/events.js';
import { OperatorReport, type OperatorRow } from '../../shared/operator-report.js';
import { startTestApp, type Session, type TestApp } from '../helpers/start-app.js';

const ZONE = 'Asia/Sakhalin';
const SITE = 'yuzhno-sakhalinsk';
const day = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
const FIRST = day('2025-12-27');
const DAYS = 10; // to 2026-01-05
const NOW = day('2026-01-12T10:00').toMillis();
const OPERATORS = [
  { id: 'op-1', name: 'Смирнова Мария', start: 9 },
  { id: 'op-2', name: 'Ким Анна', start: 10 },
  { id: 'op-3', name: 'Петров Иван', start: 13 },
  // the night shift, no name from the PBX: 21:00 to past midnight
  { id: 'op-4', start: 21 },
];
const REASONS = ['обед', 'обучение', undefined] as const;

/** what the test knows it made: each figure with the moment that decides its period */
interface Fact {
  agentId: string;
  at: number;
  what: 'offered' | 'answered' | 'missed' | 'past3' | 'talk' | 'acw' | 'pause' | 'callback' | 'reached';
  ms?: number;
  reason?: string;
}

function generate(): { events: ObzorEvent[]; facts: Fact[]; byOthers: number[] } {
  const rnd = seededRandom(1717);
  const between = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const events: ObzorEvent[] = [];
  const facts: Fact[] = [];
  const byOthers: number[] = [];
  let n = 0;
  const post = (type: string, at: number, body: Record<string, unknown>) => events.push({ id: `opr-e${++n}`, type, at: new Date(at).toISOString(), site: SITE, ...body } as ObzorEvent);
  for (let d = 0; d < DAYS; d++) {
    for (const op of OPERATORS) {
      const state = (at: number, s: string, reason?: string) => post('agent.state', at, { agentId: op.id, state: s, ...(op.name ? { name: op.name } : {}), ...(reason ? { reason } : {}) });
      let t = FIRST.plus({ days: d, hours: op.start, minutes: between(0, 20) }).toMillis();
      const end = t + 4 * 3_600_000;
      state(t, 'available');
      let c = 0;
      while (t < end) {
        t += between(10, 600) * 1000;
        if (rnd() < 0.25) {
          // a pause, sometimes without a reason
          const reason = REASONS[between(0, 2)];
          const ms = between(60, 1800) * 1000;
          state(t, 'paused', reason);
          state(t + ms, 'available');
          facts.push({ agentId: op.id, at: t + ms, what: 'pause', ms, reason: reason ?? '~' });
          t += ms;
          continue;
        }
        const callId = `opr-${d}-${op.id}-${c++}`;
        const queuedAt = t;
        const offeredAt = queuedAt + between(1, 20) * 1000;
        post('call.queued', queuedAt, { callId, queue: rnd() < 0.5 ? 'hotline' : 'billing', line: 'hotline' });
        post('call.offered', offeredAt, { callId, agentId: op.id });
        facts.push({ agentId: op.id, at: queuedAt, what: 'offered' });
        if (rnd() < 0.15) {
          // let go unanswered after 8–30 s; the caller hangs up 6 s later, and is called back
          const ringMs = between(8, 30) * 1000;
          post('call.ring_no_answer', offeredAt + ringMs, { callId, agentId: op.id });
          post('call.abandoned', offeredAt + ringMs + 6000, { callId });
          facts.push({ agentId: op.id, at: queuedAt, what: 'missed' });
          if (ringMs > 15_000) facts.push({ agentId: op.id, at: queuedAt, what: 'past3' });
          const backAt = offeredAt + ringMs + between(600, 3000) * 1000;
          const by = rnd() < 0.7 ? op.id : 'manager';
          const outcome = rnd() < 0.6 ? 'reached' : 'not_reached';
          post('call.lost_called_back', backAt, { callId, outcome, actor: by });
          if (by === op.id) {
            facts.push({ agentId: op.id, at: backAt, what: 'callback' });
            if (outcome === 'reached') facts.push({ agentId: op.id, at: backAt, what: 'reached' });
          } else byOthers.push(backAt);
          t = offeredAt + ringMs;
          continue;
        }
        // rings of 2–14 s or 17–30 s (never on the 15 s limit itself), talk 40–600 s, after-call work 5–180 s or none
        const ringMs = (rnd() < 0.8 ? between(2, 14) : between(17, 30)) * 1000;
        const answeredAt = offeredAt + ringMs;
        const talkMs = between(40, 600) * 1000;
        post('call.answered', answeredAt, { callId, agentId: op.id });
        state(answeredAt, 'on_call');
        post('call.ended', answeredAt + talkMs, { callId, outcome: 'resolved' });
        facts.push({ agentId: op.id, at: queuedAt, what: 'answered' }, { agentId: op.id, at: queuedAt, what: 'talk', ms: talkMs });
        if (ringMs > 15_000) facts.push({ agentId: op.id, at: queuedAt, what: 'past3' });
        t = answeredAt + talkMs;
        if (rnd() < 0.8) {
          const acwMs = between(5, 180) * 1000;
          state(t, 'wrap_up');
          facts.push({ agentId: op.id, at: t + acwMs, what: 'acw', ms: acwMs });
          t += acwMs;
        }
        state(t, 'available');
      }
      state(t + 60_000, 'offline');
    }
  }
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { events, facts, byOthers };
}

const { events, facts, byOthers } = generate();
let app: TestApp;
let manager: Session;

beforeAll(async () => {
  app = await startTestApp({ clock: () => NOW });
  manager = await app.login('manager');
  for (let i = 0; i < events.length; i += 1000) {
    const res = await app.post(events.slice(i, i + 1000));
    expect(res.json.results.filter((r: { status: string }) => r.status !== 'accepted')).toEqual([]);
  }
}, 120_000);
afterAll(async () => {
  await app?.close();
});

/** what the test itself says of one operator in [from, to): each figure where the rules put it */
function expectedOf(agentId: string, from: number, to: number) {
  const mine = facts.filter((f) => f.agentId === agentId && f.at >= from && f.at < to);
  const n = (what: Fact['what']) => mine.filter((f) => f.what === what).length;
  const sum = (what: Fact['what']) => mine.filter((f) => f.what === what).reduce((s, f) => s + f.ms!, 0);
  const pauses = mine.filter((f) => f.what === 'pause');
  const reasons = [...new Set(pauses.map((p) => p.reason!))];
  return {
    offered: n('offered'),
    answered: n('answered'),
    missed: n('missed'),
    ringsPast3: n('past3'),
    talks: n('talk'),
    talkAvgSec: n('talk') ? sum('talk') / n('talk') / 1000 : null,
    acw: n('acw'),
    acwAvgSec: n('acw') ? sum('acw') / n('acw') / 1000 : null,
    pauses: pauses.length,
    pauseSec: sum('pause') / 1000,
    byReason: Object.fromEntries(reasons.map((r) => [r, { count: pauses.filter((p) => p.reason === r).length, seconds: pauses.filter((p) => p.reason === r).reduce((s, p) => s + p.ms!, 0) / 1000 }])),
    callbacks: n('callback'),
    callbacksReached: n('reached'),
  };
}

function checkRow(row: OperatorRow | undefined, agentId: string, from: number, to: number): void {
  const x = expectedOf(agentId, from, to);
  expect(row, agentId).toBeDefined();
  const { byReason, talkAvgSec, acwAvgSec, ...counts } = x;
  expect(row, agentId).toMatchObject(counts);
  if (talkAvgSec === null) expect(row!.talkAvgSec).toBeNull();
  else expect(row!.talkAvgSec).toBeCloseTo(talkAvgSec, 6);
  if (acwAvgSec === null) expect(row!.acwAvgSec).toBeNull();
  else expect(row!.acwAvgSec).toBeCloseTo(acwAvgSec, 6);
  expect(Object.fromEntries(row!.pausesByReason.map((p) => [p.reason, { count: p.count, seconds: p.seconds }]))).toEqual(byReason);
}

/** one CSV line's fields (quoted ones unquoted) */
function fields(line: string, sep: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`("(?:[^"]|"")*"|[^${sep}]*)(${sep}|$)`, 'g');
  for (const m of line.matchAll(re)) {
    out.push(m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!);
    if (m[2] === '') break;
  }
  return out;
}

const FROM = day('2025-12-29');
const TO = day('2026-01-05'); // to=2026-01-04 includes that day
const URL = `/api/v1/reports/operators?site=${SITE}&from=2025-12-29&to=2026-01-04`;

describe('the operator report', () => {
  it('holds every operator figure the test computes from what it posted, over the year boundary', async () => {
    const res = await manager.fetch(URL);
    expect(res.status).toBe(200);
    const r = OperatorReport.parse(await res.json());
    expect(r.period).toEqual({ from: FROM.toMillis(), to: TO.toMillis() });
    expect(r.rows.map((x) => [x.agentId, x.name])).toEqual([
      ['op-2', 'Ким Анна'],
      ['op-3', 'Петров Иван'],
      ['op-1', 'Смирнова Мария'],
      ['op-4', null],
    ]);
    for (const op of OPERATORS) checkRow(r.rows.find((x) => x.agentId === op.id), op.id, FROM.toMillis(), TO.toMillis());
    // the manager's call-backs in the console are counted, not a row
    expect(r.callbacksByOthers).toBe(byOthers.filter((at) => at >= FROM.toMillis() && at < TO.toMillis()).length);
    expect(r.callbacksByOthers).toBeGreaterThan(0);
    const all = OPERATORS.map((op) => expectedOf(op.id, FROM.toMillis(), TO.toMillis()));
    expect(r.totals.offered).toBe(all.reduce((s, x) => s + x.offered, 0));
    expect(r.totals.pauseSec).toBeCloseTo(all.reduce((s, x) => s + x.pauseSec, 0), 6);
  });

  it('puts the night shift’s work on the day it ended, New Year’s Eve to New Year’s Day, by days and by 15 minutes', async () => {
    for (const [from, to, q] of [
      [day('2025-12-31'), day('2026-01-01'), 'from=2025-12-31&to=2025-12-31'],
      [day('2026-01-01'), day('2026-01-02'), 'from=2026-01-01&to=2026-01-01'],
      // not whole days: the 15-minute counters, in the zone's offset
      [day('2025-12-31T22:00'), day('2026-01-01T00:30'), `from=${encodeURIComponent(day('2025-12-31T22:00').toISO()!)}&to=${encodeURIComponent(day('2026-01-01T00:30').toISO()!)}`],
    ] as const) {
      const res = await manager.fetch(`/api/v1/reports/operators?site=${SITE}&${q}`);
      expect(res.status, q).toBe(200);
      const r = OperatorReport.parse(await res.json());
      checkRow(r.rows.find((x) => x.agentId === 'op-4'), 'op-4', from.toMillis(), to.toMillis());
    }
    // the night shift did work past midnight, which the first of January holds
    expect(expectedOf('op-4', day('2026-01-01').toMillis(), day('2026-01-01T06:00').toMillis()).offered + expectedOf('op-4', day('2026-01-01').toMillis(), day('2026-01-01T06:00').toMillis()).acw).toBeGreaterThan(0);
  });

  it('exports the same figures as CSV (UTF-8 with BOM, ";" and decimal commas, or "," and points) and XLSX', async () => {
    const json = OperatorReport.parse(await (await manager.fetch(URL)).json());
    const maria = json.rows.find((x) => x.agentId === 'op-1')!;
    const csvRes = await manager.fetch(`${URL}&format=csv`);
    expect(csvRes.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csvRes.headers.get('content-disposition')).toMatch(/^attachment; filename="?obzor-operators-yuzhno-sakhalinsk-2025-12-29--2026-01-04\.csv"?$/);
    const bytes = new Uint8Array(await csvRes.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // TextDecoder drops the BOM
    const lines = new TextDecoder().decode(bytes).split('\r\n');
    expect(lines[0]).toBe('Отчёт по операторам');
    const header = fields(lines.find((l) => l.startsWith('Оператор;'))!, ';');
    const line = fields(lines.find((l) => l.startsWith('Смирнова Мария;'))!, ';');
    const col = (name: string) => line[header.indexOf(name)];
    const dec = (x: number) => String(Math.round(x * 10) / 10).replace('.', ',');
    expect([col('Предложено'), col('Принято'), col('Пропущено'), col('Дольше 3 гудков')]).toEqual([maria.offered, maria.answered, maria.missed, maria.ringsPast3].map(String));
    expect(col('Средний разговор, с')).toBe(dec(maria.talkAvgSec!));
    expect(col('Средняя постобработка, с')).toBe(dec(maria.acwAvgSec!));
    expect(col('Пауза «обед», мин')).toBe(dec(maria.pausesByReason.find((p) => p.reason === 'обед')!.seconds / 60));
    expect(col('Пауза «без причины», мин')).toBe(dec(maria.pausesByReason.find((p) => p.reason === '~')!.seconds / 60));
    expect(col('Перезвонил потерянным')).toBe(String(maria.callbacks));

    const comma = (await (await manager.fetch(`${URL}&format=csv&sep=comma&lang=en`)).text()).split('\r\n');
    const enHeader = fields(comma.find((l) => l.startsWith('Operator,'))!, ',');
    const enLine = fields(comma.find((l) => l.startsWith('Смирнова Мария,'))!, ',');
    expect(enLine[enHeader.indexOf('Average talk, s')]).toBe(String(Math.round(maria.talkAvgSec! * 10) / 10));

    const xlsxRes = await manager.fetch(`${URL}&format=xlsx`);
    expect(xlsxRes.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsxRes.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['Операторы']);
    const rows: unknown[][] = [];
    book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const xHeader = rows.find((v) => v[0] === 'Оператор')! as string[];
    for (const r of json.rows) {
      const v = rows.find((x) => x[1] === r.agentId)!;
      expect(v[xHeader.indexOf('Предложено')]).toBe(r.offered);
      expect(v[xHeader.indexOf('Принято')]).toBe(r.answered);
      expect(v[xHeader.indexOf('Постобработок')]).toBe(r.acw);
      expect(v[xHeader.indexOf('Средняя постобработка, с')]).toBe(r.acwAvgSec === null ? undefined : Math.round(r.acwAvgSec * 10) / 10);
      expect(v[xHeader.indexOf('В паузе, мин')]).toBe(Math.round((r.pauseSec / 60) * 10) / 10);
    }
    const total = rows.find((x) => x[0] === 'Итого')!;
    expect(total[xHeader.indexOf('Предложено')]).toBe(json.totals.offered);
  });

  it('is for managers and admins: duty and walls are refused; bad queries are answered with the field', async () => {
    expect((await (await app.login('admin')).fetch(URL)).status).toBe(200);
    const duty = await app.login('duty');
    expect((await duty.fetch(URL)).status).toBe(403);
    expect((await duty.fetch(`${URL}&format=csv`)).status).toBe(403);
    expect((await app.wallFetch(URL)).status).toBe(403);
    expect((await fetch(`${app.url}${URL}`)).status).toBe(401);
    const bad = async (q: string) => {
      const res = await manager.fetch(`/api/v1/reports/operators?site=${SITE}&${q}`);
      expect(res.status, q).toBe(400);
      return ((await res.json()) as { error: string }).error;
    };
    expect(await bad('from=2026-02-30')).toMatch(/^from: expected an RFC 3339 time with Z or offset, or a date YYYY-MM-DD, got "2026-02-30"/);
    expect(await bad('from=2026-01-05&to=2026-01-01')).toBe('to: expected a time after from');
    expect(await bad('format=pdf')).toMatch(/^format: expected "json" \| "csv" \| "xlsx"/);
    expect(await bad('lang=de')).toMatch(/^lang: expected "ru" \| "en"/);
    expect(await bad('queue=hotline')).toBe(`queue: expected none (operators' figures are kept per operator across queues, not per queue), got "hotline"`);
    expect(await bad('step=1d')).toMatch(/step/);
    expect(await bad('from=2024-01-01T10:00:00Z&to=2026-01-01T10:00:00Z')).toMatch(/^to: at most 400 days from "from" unless both are the start of a local day, got \d+/);
    expect((await manager.fetch('/api/v1/reports/operators?site=nowhere')).status).toBe(400);
  });
});
