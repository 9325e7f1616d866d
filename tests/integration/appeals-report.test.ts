/**
 * Issue 17, the appeals report through the real API on a real Redis: a seeded generator posts
 * appeals of every channel and client type across December 2025 and January 2026 (a month and a
 * year boundary), plus some through 2025 and in December 2024 for the regulator's table — answered
 * by their deadline, after it, rejected for each N9 reason, still open. Every figure is checked
 * against what the test computes itself from what it generated; the CSV and the XLSX (read back
 * with exceljs) hold the same numbers; and the route refuses what is wrong in words.
 */
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../server/demo/call-centre-sim.js';
import { bucketOf } from '../../shared/buckets.js';
import { AppealsReport } from '../../shared/appeals-report.js';
import type { AppealChannel, ClientTypeName, ObzorEvent, RejectReason } from '../../shared/events.js';
import { startTestApp, type Session, type TestApp } from '../helpers/start-app.js';

const ZONE = 'Asia/Sakhalin';
const SITE = 'yuzhno-sakhalinsk';
const HOUR = 3_600_000;
const DAY = 86_400_000;
const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
const NOW = local('2026-01-20T10:00').toMillis();

const CHANNELS: AppealChannel[] = ['phone', 'mail', 'interactive', 'answering_machine'];
const REASONS: RejectReason[] = ['abusive', 'no_client_data', 'commercial_secret'];

interface Made {
  channel: AppealChannel;
  clientType: ClientTypeName;
  registeredAt: number;
  fate: 'onTime' | 'late' | 'rejected' | 'open';
  answeredAt?: number;
  reason?: RejectReason;
  /** an explicit deadline (every appeal that may stay open has one) */
  dueAt?: number;
}

/**
 * Each day of `days` 2–7 appeals at random working hours. The deadline is one the test knows
 * without the production calendar: an explicit `dueAt`, answered hours before or after it; or
 * none (5 working days by phone), answered within a day (on time) or a month later (late). An
 * appeal that may stay open (not answered, or answered after "now") always has an explicit one.
 */
function generate(): { events: ObzorEvent[]; made: Made[] } {
  const rnd = seededRandom(1714);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const events: ObzorEvent[] = [];
  const made: Made[] = [];
  let n = 0;
  const days: DateTime[] = [];
  for (let d = local('2025-12-01'); d < local('2026-01-16'); d = d.plus({ days: 1 })) days.push(d);
  // the rest of 2025, one day in three, and the end of December 2024 (within the 400 days the ingest accepts)
  for (let d = local('2025-01-01'); d < local('2025-12-01'); d = d.plus({ days: 3 })) days.push(d);
  for (let d = local('2024-12-18'); d < local('2025-01-01'); d = d.plus({ days: 2 })) days.push(d);
  for (const date of days) {
    const count = 2 + Math.floor(rnd() * 6);
    for (let c = 0; c < count; c++) {
      const appealId = `ap-${date.toISODate()}-${c}`;
      const e = (type: string, at: number, body: Record<string, unknown> = {}) => events.push({ id: `ape-${++n}`, type, at: new Date(at).toISOString(), site: SITE, appealId, ...body } as ObzorEvent);
      const clientType: ClientTypeName = rnd() < 0.7 ? 'individual' : 'legal';
      const channel = pick(clientType === 'legal' ? CHANNELS.filter((x) => x !== 'interactive') : CHANNELS);
      const registeredAt = date.plus({ hours: 9, minutes: Math.floor(rnd() * 8 * 60) }).toMillis();
      const roll = rnd();
      const explicit = roll < 0.15 || roll >= 0.85 || rnd() < 0.6;
      const dueAt = registeredAt + (2 + Math.floor(rnd() * 10)) * DAY;
      e('appeal.registered', registeredAt, { channel, clientType, replyVia: 'phone', ...(explicit ? { dueAt: new Date(dueAt).toISOString() } : {}) });
      let m: Made = { channel, clientType, registeredAt, fate: 'open', ...(explicit ? { dueAt } : {}) };
      if (roll < 0.15) {
        const reason = pick(REASONS);
        e('appeal.rejected', registeredAt + (1 + Math.floor(rnd() * 30)) * HOUR, { reason });
        m = { ...m, fate: 'rejected', reason };
      } else if (roll < 0.85) {
        // without a deadline of its own, late only when a month after registration is before "now"
        const late = rnd() < 0.3 && (explicit || registeredAt + 35 * DAY < NOW);
        const answeredAt = explicit ? dueAt + (late ? 1 : -1) * (1 + Math.floor(rnd() * 40)) * HOUR : registeredAt + (late ? 30 * DAY + Math.floor(rnd() * 5) * DAY : (1 + Math.floor(rnd() * 20)) * HOUR);
        // an answer that would come after "now" is not yet: the appeal stays open
        if (answeredAt < NOW) {
          e('appeal.answered', answeredAt);
          m = { ...m, fate: late ? 'late' : 'onTime', answeredAt };
        }
      }
      // some return calls, which change nothing of the report
      if (rnd() < 0.3) e('appeal.callback_attempted', registeredAt + HOUR, { reached: rnd() < 0.5 });
      made.push(m);
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
  // in a shuffled order (answers before their registration too): the counters depend on the set of events only
  const rnd = seededRandom(5);
  const shuffled = events.map((e) => ({ e, k: rnd() })).sort((a, b) => a.k - b.k).map((x) => x.e);
  for (let i = 0; i < shuffled.length; i += 1000) {
    const res = await app.post(shuffled.slice(i, i + 1000));
    expect(res.json.results.filter((r: { status: string }) => r.status !== 'accepted')).toEqual([]);
  }
}, 60_000);
afterAll(async () => {
  await app?.close();
});

/** what the test itself says of the appeals registered in [from, to) */
function expected(from: number, to: number) {
  const of = made.filter((m) => m.registeredAt >= from && m.registeredAt < to);
  const figures = (xs: Made[]) => {
    const answered = xs.filter((x) => x.answeredAt !== undefined);
    return {
      registered: xs.length,
      onTime: xs.filter((x) => x.fate === 'onTime').length,
      late: xs.filter((x) => x.fate === 'late').length,
      rejected: xs.filter((x) => x.fate === 'rejected').length,
      open: xs.filter((x) => x.fate === 'open').length,
      overdue: xs.filter((x) => x.fate === 'open' && x.dueAt! < NOW).length,
      avgDaysToAnswer: answered.length ? answered.reduce((s, x) => s + (x.answeredAt! - x.registeredAt), 0) / answered.length / DAY : null,
    };
  };
  return {
    all: of,
    totals: figures(of),
    pair: (channel: string, clientType: string) => figures(of.filter((x) => x.channel === channel && x.clientType === clientType)),
    reason: (r: RejectReason) => of.filter((x) => x.reason === r).length,
    channel: (ch: string) => of.filter((x) => x.channel === ch).length,
  };
}

function expectFigures(got: Record<string, unknown>, want: ReturnType<ReturnType<typeof expected>['pair']>) {
  const { avgDaysToAnswer, ...counts } = want;
  expect(got).toMatchObject(counts);
  if (avgDaysToAnswer === null) expect(got.avgDaysToAnswer).toBeNull();
  else expect(got.avgDaysToAnswer).toBeCloseTo(avgDaysToAnswer, 9);
}

const url = `/api/v1/reports/appeals?site=${SITE}&from=2025-12-01&to=2026-01-15`;
const getReport = async (q: string) => {
  const res = await duty.fetch(`/api/v1/reports/appeals?site=${SITE}&${q}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return AppealsReport.parse(await res.json());
};

describe('the appeals report', () => {
  it('holds every figure the test computes from what it posted, over a month and a year boundary', async () => {
    const r = await getReport('from=2025-12-01&to=2026-01-15');
    const from = local('2025-12-01').toMillis();
    const to = local('2026-01-16').toMillis();
    expect(r.period).toEqual({ from, to });
    const x = expected(from, to);
    // the generator made every kind the report tells apart
    expect(Math.min(x.totals.onTime, x.totals.late, x.totals.rejected, x.totals.open)).toBeGreaterThan(3);
    // open ones both past their deadline and within it
    expect(made.every((m) => m.fate !== 'open' || m.dueAt !== undefined)).toBe(true);
    expect(x.totals.overdue).toBeGreaterThan(0);
    expect(x.totals.overdue).toBeLessThan(x.totals.open);
    expect(x.totals.registered).toBe(x.all.length);
    expectFigures(r.totals, x.totals);
    expect(r.rows).toHaveLength(7);
    for (const row of r.rows) expectFigures(row, x.pair(row.channel, row.clientType));
    expect(r.rows.filter((row) => row.registered > 0)).toHaveLength(7);
    expect(r.rejectedByReason).toEqual(REASONS.map((reason) => ({ reason, count: x.reason(reason) })));
    expect(r.rejectedByReason.every((g) => g.count > 0)).toBe(true);
  });

  it('is counted by days: kept in the roll-ups only, and December and January add up to the whole', async () => {
    // the outcome counters stay out of the 15-minute buckets (kept small), in the day's roll-up
    const regDay = made.find((m) => m.fate === 'late' && m.registeredAt >= local('2025-12-01').toMillis())!;
    const dayHash = await app.redis.hgetall(app.keys.daily(SITE, DateTime.fromMillis(regDay.registeredAt, { zone: ZONE }).toISODate()!));
    expect(Object.keys(dayHash).some((f) => f.startsWith('ap|appealsLateByChannel:'))).toBe(true);
    const bucket = await app.redis.hgetall(app.keys.counters(SITE, bucketOf(regDay.registeredAt)));
    expect(bucket['ap|appealsRegistered']).toBeDefined();
    expect(Object.keys(bucket).filter((f) => /^ap\|appeals(Answered|Late|AnswerMs|Rejected)ByChannel:/.test(f))).toEqual([]);
    // December and January add up to the whole
    const dec = await getReport('from=2025-12-01&to=2025-12-31');
    const jan = await getReport('from=2026-01-01&to=2026-01-15');
    expectFigures(dec.totals, expected(local('2025-12-01').toMillis(), local('2026-01-01').toMillis()).totals);
    expectFigures(jan.totals, expected(local('2026-01-01').toMillis(), local('2026-01-16').toMillis()).totals);
    expect(dec.totals.registered + jan.totals.registered).toBe(expected(local('2025-12-01').toMillis(), local('2026-01-16').toMillis()).totals.registered);
  });

  it('gives the regulator’s table: registrations by channel in year N−1 and N and the change', async () => {
    const y = (year: number) => expected(local(`${year}-01-01`).toMillis(), local(`${year + 1}-01-01`).toMillis());
    // N: the year of `to` (2026, not over: its figures so far), N−1 2025
    const r = await getReport('from=2025-12-01&to=2026-01-15');
    expect(r.regulator.year).toBe(2026);
    expect(r.regulator.complete).toBe(false);
    expect(r.regulator.previousPeriod).toEqual({ from: local('2025-01-01').toMillis(), to: local('2026-01-01').toMillis() });
    const [y25, y26] = [y(2025), y(2026)];
    for (const ch of CHANNELS) {
      const row = r.regulator.rows.find((x) => x.channel === ch)!;
      expect([row.previous, row.current]).toEqual([y25.channel(ch), y26.channel(ch)]);
      expect(row.change).toBeCloseTo((y26.channel(ch) - y25.channel(ch)) / y25.channel(ch), 12);
    }
    expect(r.regulator.rows.at(-1)).toMatchObject({ channel: 'all', previous: y25.all.length, current: y26.all.length });

    // N = 2025 asked for: a whole year against the end of December 2024
    const r25 = await getReport('from=2025-12-01&to=2026-01-15&year=2025');
    expect(r25.regulator.complete).toBe(true);
    const y24 = y(2024);
    expect(y24.all.length).toBeGreaterThan(0);
    for (const ch of CHANNELS) {
      const row = r25.regulator.rows.find((x) => x.channel === ch)!;
      expect([row.previous, row.current]).toEqual([y24.channel(ch), y25.channel(ch)]);
      // a channel with nothing in N−1: null, never Infinity
      expect(row.change).toEqual(y24.channel(ch) === 0 ? null : (y25.channel(ch) - y24.channel(ch)) / y24.channel(ch));
    }
    // N = 2024: N−1 (2023) lies in the roll-ups' years too, and holds nothing: every change null
    const r24 = await getReport('from=2024-12-18&to=2024-12-31&year=2024');
    expect(r24.regulator.rows.every((row) => row.previous === 0 && row.change === null)).toBe(true);
  });

  it('exports the same figures as CSV (UTF-8 with BOM, ";" and decimal commas, or ",") and XLSX', async () => {
    const json = await getReport('from=2025-12-01&to=2026-01-15');
    const csvRes = await duty.fetch(`${url}&format=csv`);
    expect(csvRes.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csvRes.headers.get('content-disposition')).toMatch(/^attachment; filename="?obzor-appeals-yuzhno-sakhalinsk-2025-12-01--2026-01-15\.csv"?$/);
    const bytes = new Uint8Array(await csvRes.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).split('\r\n'); // the decoder drops the BOM
    expect(lines[0]).toBe('Обращения');
    const days = (v: number | null) => (v === null ? '' : String(Math.round(v * 10) / 10));
    const figuresOf = (f: AppealsReport['totals']) => [f.registered, f.onTime, f.late, f.rejected, f.open, f.overdue].map(String).concat(days(f.avgDaysToAnswer));
    const phone = json.rows[0]!;
    expect(lines).toContain(['телефон', 'физическое лицо', ...figuresOf(phone)].join(';').replace(/(\d)\.(\d)/g, '$1,$2'));
    expect(lines).toContain(['Итого', '', ...figuresOf(json.totals)].join(';').replace(/(\d)\.(\d)/g, '$1,$2'));
    expect(lines).toContain(`оскорбительное содержание;${json.rejectedByReason[0]!.count}`);
    const all = json.regulator.rows.at(-1)!;
    const pct = (c: number | null) => (c === null ? '' : String(Math.round(c * 1000) / 10));
    expect(lines).toContain(`все каналы;${all.previous};${all.current};${pct(all.change).replace('.', ',')}`);

    const comma = (await (await duty.fetch(`${url}&format=csv&sep=comma&lang=en`)).text()).split('\r\n');
    expect(comma).toContain(['phone', 'individual', ...figuresOf(phone)].join(','));
    expect(comma).toContain(`all channels,${all.previous},${all.current},${pct(all.change)}`);

    const xlsxRes = await duty.fetch(`${url}&format=xlsx`);
    expect(xlsxRes.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsxRes.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['По каналам', 'Отклонённые', 'Год к году']);
    const rowsOf = (i: number) => {
      const out: unknown[][] = [];
      book.worksheets[i]!.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
      return out;
    };
    const num = (f: AppealsReport['totals']) => [f.registered, f.onTime, f.late, f.rejected, f.open, f.overdue, f.avgDaysToAnswer === null ? undefined : Math.round(f.avgDaysToAnswer * 10) / 10];
    const byChannel = rowsOf(0);
    const CHANNEL_RU = { phone: 'телефон', mail: 'почта', interactive: 'интерактивный', answering_machine: 'автоответчик' };
    const CLIENT_RU = { individual: 'физическое лицо', legal: 'юридическое лицо' };
    for (const r of json.rows) {
      const line = byChannel.find((v) => v[0] === CHANNEL_RU[r.channel] && v[1] === CLIENT_RU[r.clientType])!;
      // numbers as numbers; no average without an answer (an empty cell)
      expect(line.slice(2, 9)).toEqual(num(r).slice(0, r.avgDaysToAnswer === null ? 6 : 7));
    }
    expect(byChannel.find((v) => v[0] === 'Итого')!.slice(2)).toEqual(num(json.totals));
    expect(rowsOf(1).find((v) => v[0] === 'Итого')).toEqual(['Итого', json.totals.rejected]);
    const years = rowsOf(2);
    expect(years.find((v) => v[0] === 'Канал')).toEqual(['Канал', '2025', '2026', 'Изменение, %']);
    expect(years.find((v) => v[0] === 'все каналы')).toEqual(['все каналы', all.previous, all.current, Math.round(all.change! * 1000) / 10]);
  });

  it('refuses what is wrong in words, naming the field, and walls', async () => {
    const bad = async (q: string) => {
      const res = await duty.fetch(`/api/v1/reports/appeals?${q}`);
      expect(res.status, q).toBe(400);
      return ((await res.json()) as { error: string }).error;
    };
    expect(await bad(`site=${SITE}&from=2026-02-30`)).toMatch(/^from: expected an RFC 3339 time.*got "2026-02-30"/);
    expect(await bad(`site=${SITE}&from=2026-01-05&to=2026-01-01`)).toBe('to: expected a time after from');
    expect(await bad(`site=${SITE}&format=pdf`)).toMatch(/^format: expected "json" \| "csv" \| "xlsx", got string "pdf"/);
    expect(await bad(`site=${SITE}&year=26`)).toBe('year: expected a year YYYY, got string "26"');
    expect(await bad(`site=${SITE}&year=2027`)).toBe('year: expected a year that has begun, got 2027');
    expect(await bad('site=atlantis')).toMatch(/^site: expected one of yuzhno-sakhalinsk, kholmsk, got atlantis/);
    expect(await bad(`site=${SITE}&step=1d`)).toBe('query: unexpected field(s) step');
    expect(await bad(`site=${SITE}&from=2019-01-01&to=2026-01-01`)).toMatch(/^to: at most 2196 days from "from", got 25\d\d$/);
    // by whole local days only: an instant inside a day is refused, a local midnight as RFC 3339 is a date
    expect(await bad(`site=${SITE}&from=2025-12-10T12:00:00%2B11:00&to=2025-12-20`)).toMatch(/^from: expected local dates YYYY-MM-DD \(or local midnights\)/);
    expect((await duty.fetch(`/api/v1/reports/appeals?site=${SITE}&from=2025-12-10T00:00:00%2B11:00&to=2025-12-20`)).status).toBe(200);
    expect((await app.wallFetch(`/api/v1/reports/appeals?site=${SITE}`)).status).toBe(403);
  });

  it('is of today when no dates are asked for', async () => {
    const r = await getReport('');
    expect(r.period).toEqual({ from: local('2026-01-20').toMillis(), to: local('2026-01-21').toMillis() });
    expect(r.totals.registered).toBe(0);
  });
});
