/**
 * Issue 17, the compliance report by weeks and months and grouped by site or queue, through the
 * real API on a real Redis: a seeded generator posts six weeks of calls of two sites (Kholmsk with
 * norms and limits of its own) and two queues across a month and a year boundary; every figure of
 * the whole and of each block — counts, values, each interval's status, the intervals within the
 * norm — is checked against what the test computes from what it generated; the CSV and the XLSX
 * (read back with exceljs) hold the same numbers as the JSON; wrong steps and groups are refused.
 */
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../server/demo/call-centre-sim.js';
import { SiteConfig } from '../../server/domain/sites.js';
import { kpiName } from '../../shared/kpi-names.js';
import type { ObzorEvent } from '../../shared/events.js';
import { reportNumber, type ComplianceInterval, type ComplianceReport, type ComplianceRow } from '../../shared/reports.js';
import { startTestApp, type Session, type TestApp } from '../helpers/start-app.js';

const ZONE = 'Asia/Sakhalin';
const SITES = ['yuzhno-sakhalinsk', 'kholmsk'] as const;
const QUEUES = ['billing', 'hotline'] as const;
const day = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
const FIRST = day('2025-12-01');
const DAYS = 42; // to 2026-01-11
const NOW = day('2026-01-12T10:00').toMillis();
/** N1's and N2's limits: the central office's defaults, Kholmsk's own (its sites file) */
const LIMITS = {
  'yuzhno-sakhalinsk': { n1: { warn: 0.95, alert: 0.9 }, n2: { warn: 40, alert: 60 } },
  kholmsk: { n1: { warn: 0.8, alert: 0.6 }, n2: { warn: 60, alert: 90 } },
};

interface Made {
  site: (typeof SITES)[number];
  queue: (typeof QUEUES)[number];
  queuedAt: number;
  answered: boolean;
  in3Rings: boolean;
  connectSec: number;
}

function generate(): { events: ObzorEvent[]; made: Made[] } {
  const rnd = seededRandom(1717);
  const events: ObzorEvent[] = [];
  const made: Made[] = [];
  let n = 0;
  for (let d = 0; d < DAYS; d++) {
    for (const site of SITES) {
      const calls = 2 + Math.floor(rnd() * 8);
      for (let c = 0; c < calls; c++) {
        const callId = `grp-${site}-${d}-${c}`;
        const queue = QUEUES[Math.floor(rnd() * 2)]!;
        const queuedAt = FIRST.plus({ days: d, minutes: 30 + Math.floor(rnd() * 22 * 60) }).toMillis();
        const e = (type: string, at: number, body: Record<string, unknown>) => events.push({ id: `grp-e${++n}`, type, at: new Date(at).toISOString(), site, callId, ...body } as ObzorEvent);
        e('call.queued', queuedAt, { queue, line: 'hotline' });
        const offeredAt = queuedAt + (1 + Math.floor(rnd() * 70)) * 1000;
        e('call.offered', offeredAt, { agentId: 'op-1' });
        if (rnd() < 0.15) {
          e('call.abandoned', offeredAt + 8000, {});
          made.push({ site, queue, queuedAt, answered: false, in3Rings: false, connectSec: 0 });
          continue;
        }
        const ringMs = (rnd() < 0.8 ? 2 + Math.floor(rnd() * 13) : 17 + Math.floor(rnd() * 14)) * 1000;
        const answeredAt = offeredAt + ringMs;
        const connectedAt = answeredAt + 5000;
        e('call.answered', answeredAt, { agentId: 'op-1' });
        e('call.connected', connectedAt, { specialistId: 'sp-1' });
        e('call.ended', answeredAt + 200_000, { outcome: 'resolved' });
        made.push({ site, queue, queuedAt, answered: true, in3Rings: ringMs <= 15_000, connectSec: (connectedAt - queuedAt) / 1000 });
      }
    }
  }
  return { events, made };
}

const { events, made } = generate();
let app: TestApp;
let duty: Session;

beforeAll(async () => {
  const sites = [
    SiteConfig.parse({ id: 'yuzhno-sakhalinsk', name: { ru: 'Южно-Сахалинск', en: 'Yuzhno-Sakhalinsk' }, timeZone: ZONE, queueNames: { billing: { ru: 'Расчёты', en: 'Billing' } } }),
    SiteConfig.parse({ id: 'kholmsk', name: { ru: 'Холмск', en: 'Kholmsk' }, timeZone: ZONE, norms: { connectTargetSeconds: 60 }, thresholds: { answeredIn3Rings: { warnBelow: 0.8, alertBelow: 0.6 } } }),
  ];
  app = await startTestApp({ clock: () => NOW, sites });
  duty = await app.login('duty');
  for (let i = 0; i < events.length; i += 1000) {
    const res = await app.post(events.slice(i, i + 1000));
    expect(res.json.results.filter((r: { status: string }) => r.status !== 'accepted')).toEqual([]);
  }
}, 60_000);
afterAll(async () => {
  await app?.close();
});

/** what the test itself says of a set of calls, judged by a site's limits */
function expected(calls: readonly Made[], limits = LIMITS['yuzhno-sakhalinsk']) {
  const answered = calls.filter((c) => c.answered);
  const in3Rings = answered.length ? answered.filter((c) => c.in3Rings).length / answered.length : null;
  const connect = answered.length ? answered.reduce((s, c) => s + c.connectSec, 0) / answered.length : null;
  const judge = (v: number | null, l: { warn: number; alert: number }, atLeast: boolean) =>
    v === null ? 'none' : atLeast ? (v < l.alert ? 'alert' : v < l.warn ? 'warn' : 'ok') : v > l.alert ? 'alert' : v > l.warn ? 'warn' : 'ok';
  return {
    offered: calls.length,
    answered: answered.length,
    abandoned: calls.length - answered.length,
    in3Rings,
    connect,
    n1: judge(in3Rings, limits.n1, true),
    n2: judge(connect, limits.n2, false),
  };
}
const between = (calls: readonly Made[], from: number, to: number) => calls.filter((c) => c.queuedAt >= from && c.queuedAt < to);
const row = (rows: readonly ComplianceRow[], kpi: string) => rows.find((x) => x.kpi === kpi)!;

/** the block's intervals and rows against the calls it holds: counts, N1 and N2 values, statuses, within-norm counts */
function checkBlock(block: { totals: ComplianceReport['totals']; rows: ComplianceRow[]; intervals: ComplianceInterval[] }, calls: readonly Made[], limits = LIMITS['yuzhno-sakhalinsk']) {
  const whole = expected(calls, limits);
  expect(block.totals).toEqual({ offered: whole.offered, answered: whole.answered, abandoned: whole.abandoned });
  expect(row(block.rows, 'answeredIn3Rings').value).toBeCloseTo(whole.in3Rings!, 9);
  expect(row(block.rows, 'connectAvg').value).toBeCloseTo(whole.connect!, 6);
  expect(row(block.rows, 'answeredIn3Rings').status).toBe(whole.n1);
  expect(row(block.rows, 'connectAvg').status).toBe(whole.n2);
  let n1 = 0;
  let n2 = 0;
  let judged = 0;
  for (const iv of block.intervals) {
    const x = expected(between(calls, iv.start, iv.end), limits);
    expect([iv.offered, iv.answered, iv.abandoned]).toEqual([x.offered, x.answered, x.abandoned]);
    if (x.in3Rings === null) expect(iv.values.answeredIn3Rings).toBeNull();
    else expect(iv.values.answeredIn3Rings).toBeCloseTo(x.in3Rings, 9);
    expect([iv.statuses.answeredIn3Rings, iv.statuses.connectAvg]).toEqual([x.n1, x.n2]);
    if (x.n1 === 'ok') n1++;
    if (x.n2 === 'ok') n2++;
    if (x.in3Rings !== null) judged++;
  }
  expect([row(block.rows, 'answeredIn3Rings').withinNorm, row(block.rows, 'answeredIn3Rings').intervals]).toEqual([n1, judged]);
  expect(row(block.rows, 'connectAvg').withinNorm).toBe(n2);
}

const report = async (q: string) => {
  const res = await duty.fetch(`/api/v1/reports/compliance?${q}`);
  expect(res.status).toBe(200);
  return (await res.json()) as ComplianceReport;
};

describe('the compliance report by weeks and months', () => {
  it('by 1w: Monday-to-Sunday weeks, the first and last clipped to the period, across the year boundary', async () => {
    // Wednesday 3 December to Friday 9 January
    const r = await report(`site=${SITES.join(',')}&from=2025-12-03&to=2026-01-09&step=1w`);
    const starts = ['2025-12-03', '2025-12-08', '2025-12-15', '2025-12-22', '2025-12-29', '2026-01-05'].map((d) => day(d).toMillis());
    expect(r.intervals.map((i) => i.start)).toEqual(starts);
    expect(r.intervals.map((i) => i.end)).toEqual([...starts.slice(1), day('2026-01-10').toMillis()]);
    checkBlock(r, between(made, day('2025-12-03').toMillis(), day('2026-01-10').toMillis()));
    // the period before, of the same 38 days, holds only 1–2 December
    expect(row(r.rows, 'answeredIn3Rings').previous).toBeCloseTo(expected(between(made, day('2025-10-26').toMillis(), day('2025-12-03').toMillis())).in3Rings!, 9);
  });

  it('by 1mo: calendar months, December clipped at its start and January at its end', async () => {
    const r = await report(`site=${SITES.join(',')}&from=2025-12-10&to=2026-01-11&step=1mo`);
    expect(r.intervals.map((i) => [i.start, i.end])).toEqual([
      [day('2025-12-10').toMillis(), day('2026-01-01').toMillis()],
      [day('2026-01-01').toMillis(), day('2026-01-12').toMillis()],
    ]);
    checkBlock(r, between(made, day('2025-12-10').toMillis(), day('2026-01-12').toMillis()));
    expect(r.step).toBe('1mo');
  });
});

describe('the compliance report grouped', () => {
  const from = day('2025-12-22').toMillis();
  const to = day('2026-01-05').toMillis();
  const url = `site=${SITES.join(',')}&from=2025-12-22&to=2026-01-04&step=1d`;

  it('by site: the whole judged by the first site, each site by its own norms and limits', async () => {
    const r = await report(`${url}&group=site`);
    expect(r.group).toBe('site');
    expect(r.groups!.map((g) => g.id)).toEqual([...SITES]);
    checkBlock(r, between(made, from, to));
    for (const g of r.groups!) {
      const site = g.id as (typeof SITES)[number];
      checkBlock(g, between(made.filter((c) => c.site === site), from, to), LIMITS[site]);
      expect(g.intervals).toHaveLength(14);
    }
    // Kholmsk's own limits judge its days: by the central office's some would read otherwise
    const kholmsk = r.groups![1]!;
    expect(kholmsk.intervals.some((iv) => expected(between(made.filter((c) => c.site === 'kholmsk'), iv.start, iv.end)).n1 !== iv.statuses.answeredIn3Rings)).toBe(true);
    // Kholmsk's own limits are in its rows
    expect(row(r.groups![1]!.rows, 'answeredIn3Rings').thresholds).toEqual({ warnBelow: 0.8, alertBelow: 0.6 });
    expect(row(r.groups![1]!.rows, 'connectAvg').target).toBe(60);
    expect(row(r.rows, 'connectAvg').target).toBe(40);
  });

  it('by queue: a block per queue of the sites, by weeks', async () => {
    const r = await report(`site=${SITES.join(',')}&from=2025-12-22&to=2026-01-04&step=1w&group=queue`);
    expect(r.groups!.map((g) => g.id)).toEqual([...QUEUES]);
    for (const g of r.groups!) checkBlock(g, between(made.filter((c) => c.queue === g.id), from, to));
    // with one site and a queue, the site's block is its view of the queue
    const one = await report(`site=kholmsk&queue=billing&from=2025-12-22&to=2026-01-04&step=1w&group=site`);
    checkBlock(one.groups![0]!, between(made.filter((c) => c.site === 'kholmsk' && c.queue === 'billing'), from, to), LIMITS.kholmsk);
  });

  it('exports the same figures of each block as CSV and XLSX', async () => {
    const json = await report(`${url}&group=site`);
    const value = (g: ComplianceReport['groups'] extends (infer G)[] | undefined ? G : never, kpi: string) => reportNumber(row(g.rows, kpi).unit, row(g.rows, kpi).value);
    const csv = await (await duty.fetch(`/api/v1/reports/compliance?${url}&group=site&format=csv&sep=comma&lang=en`)).text();
    const lines = csv.split('\r\n');
    expect(lines).toContain('Grouping,by site');
    for (const [g, name] of [[json.groups![0]!, 'Yuzhno-Sakhalinsk'], [json.groups![1]!, 'Kholmsk']] as const) {
      const n1 = lines.find((l) => l.startsWith(`${name},N1,Answered within 3 rings,`))!;
      expect(n1.split(',')[3]).toBe(String(value(g, 'answeredIn3Rings')));
      // each day of the block: its offered calls
      const days = lines.filter((l) => l.startsWith(`${name},20`)).map((l) => Number(l.split(',')[3]));
      expect(days).toEqual(g.intervals.map((i) => i.offered));
    }

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await duty.fetch(`/api/v1/reports/compliance?${url}&group=site&format=xlsx`)).arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['Итоги', 'Интервалы', 'Итоги по площадкам', 'Интервалы по площадкам']);
    const found: Record<string, unknown[]> = {};
    book.worksheets[2]!.eachRow((r) => {
      const v = r.values as unknown[];
      if (typeof v[2] === 'string' && /^N\d/.test(v[2])) found[`${String(v[1])} ${String(v[2])} ${String(v[3])}`] = v;
    });
    for (const [g, name] of [[json.groups![0]!, 'Южно-Сахалинск'], [json.groups![1]!, 'Холмск']] as const) {
      // every norm of the block: its value and the intervals within it, as the JSON has them
      for (const rw of g.rows) {
        const cells = found[`${name} ${rw.norm} ${kpiName(rw.kpi, 'ru', 3)}`]!;
        expect(cells[4] ?? null).toBe(reportNumber(rw.unit, rw.value));
        expect(cells[10]).toBe(`${rw.withinNorm} / ${rw.intervals}`);
      }
      expect(found[`${name} N1 Ответ не позднее 3-го гудка`]![4]).toBe(value(g, 'answeredIn3Rings'));
      const offered: number[] = [];
      book.worksheets[3]!.eachRow((r) => {
        const v = r.values as unknown[];
        if (v[1] === name && typeof v[4] === 'number') offered.push(v[4]);
      });
      expect(offered).toEqual(g.intervals.map((i) => i.offered));
    }
  });

  it('refuses a wrong step or group, naming the field', async () => {
    const bad = async (q: string) => {
      const res = await duty.fetch(`/api/v1/reports/compliance?site=kholmsk&${q}`);
      expect(res.status).toBe(400);
      return ((await res.json()) as { error: string }).error;
    };
    expect(await bad('step=2w')).toMatch(/^step: expected "15m" \| "1h" \| "1d" \| "1w" \| "1mo"/);
    expect(await bad('group=operator')).toMatch(/^group: expected "site" \| "queue"/);
    expect(await bad('group=queue&queue=billing')).toMatch(/^group: /);
    // weeks and months reach as far back as the daily roll-ups
    expect((await duty.fetch(`/api/v1/reports/compliance?site=kholmsk&from=2021-01-01&to=2025-12-31&step=1mo`)).status).toBe(200);
  });
});
