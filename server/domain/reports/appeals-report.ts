/**
 * Issue 17: the appeals report — from counters alone (closed appeals' records are kept only days):
 * the period's registrations by `channel:clientType` and what became of each (the registration
 * interval's …ByChannel counters, shared/counters.ts), the rejected by N9 reason, the average
 * days to an answer; and the regulator's table, registrations by channel in year N−1 and N.
 * Pure: the route reads the counters.
 */
import { DateTime } from 'luxon';
import { APPEAL_ROWS, type AppealFigures, type AppealsReport, type AppealsRow, type RegulatorRow } from '../../../shared/appeals-report.js';
import { AppealChannel, RejectReason } from '../../../shared/events.js';
import type { ReportPeriod } from '../../../shared/reports.js';
import type { SplitTotals } from '../day-totals.js';
import { appealDueState } from '../../../shared/deadline-states.js';
import type { AppealLive } from '../../../shared/snapshot.js';

const DAY_MS = 86_400_000;

/** the keyed counters the report reads (a period's sum of them, SplitTotals.byKey) */
export type AppealCounts = Pick<SplitTotals['byKey'], 'appealsByChannel' | 'appealsAnsweredByChannel' | 'appealsLateByChannel' | 'appealsAnswerMsByChannel' | 'appealsRejectedByChannel'>;

export interface AppealsInput {
  sites: string[];
  timeZone: string;
  period: ReportPeriod;
  generatedAt: number;
  counts: AppealCounts;
  /** the sites' open appeals now (their live backlog); null when one could not be read */
  backlog: readonly Pick<AppealLive, 'channel' | 'clientType' | 'registeredAt' | 'dueAt'>[] | null;
  /** year N, and the registrations by `channel:clientType` of year N−1 and N (null: older than the roll-ups are kept) */
  year: number;
  previousYear: Record<string, number> | null;
  currentYear: Record<string, number> | null;
}

/** Local calendar years N−1 and N in the zone. */
export function regulatorYears(year: number, timeZone: string): { previous: ReportPeriod; current: ReportPeriod } {
  const start = (y: number) => DateTime.fromObject({ year: y, month: 1, day: 1 }, { zone: timeZone }).toMillis();
  return { previous: { from: start(year - 1), to: start(year) }, current: { from: start(year), to: start(year + 1) } };
}

/** the local year an instant falls in */
export const yearOf = (ms: number, timeZone: string) => DateTime.fromMillis(ms, { zone: timeZone }).year;

const n = (rec: Record<string, number>, key: string) => rec[key] ?? 0;

/** the rejected of a `channel:clientType`, every reason together */
function rejectedOf(rejected: Record<string, number>, pair: string): number {
  return RejectReason.options.reduce((s, reason) => s + n(rejected, `${pair}:${reason}`), 0);
}

function figures(registered: number, answered: number, late: number, answerMs: number, rejected: number, withinDeadline: number | null): AppealFigures {
  const open = Math.max(0, registered - answered - rejected);
  return {
    registered,
    onTime: answered - late,
    late,
    rejected,
    open,
    // an open appeal the backlog no longer keeps (OBZOR_OPEN_ENTITY_DAYS) is long past its deadline
    overdue: withinDeadline === null ? null : Math.max(0, open - withinDeadline),
    avgDaysToAnswer: answered > 0 ? answerMs / answered / DAY_MS : null,
  };
}

/** (current − previous) ÷ previous; null, not Infinity, when there is nothing to compare with */
export function yearChange(previous: number | null, current: number | null): number | null {
  return previous === null || current === null || previous === 0 ? null : (current - previous) / previous;
}

export function appealsReport(i: AppealsInput): AppealsReport {
  const c = i.counts;
  // the period's open appeals not yet past their deadline, by pair
  const within: Record<string, number> = {};
  for (const a of i.backlog ?? []) {
    if (a.registeredAt < i.period.from || a.registeredAt >= i.period.to || appealDueState(a.dueAt, i.generatedAt, i.generatedAt) === 'overdue') continue;
    within[`${a.channel}:${a.clientType}`] = (within[`${a.channel}:${a.clientType}`] ?? 0) + 1;
  }
  const withinOf = (pair: string) => (i.backlog === null ? null : n(within, pair));
  const rows: AppealsRow[] = APPEAL_ROWS.map(({ channel, clientType }) => {
    const pair = `${channel}:${clientType}`;
    return { channel, clientType, ...figures(n(c.appealsByChannel, pair), n(c.appealsAnsweredByChannel, pair), n(c.appealsLateByChannel, pair), n(c.appealsAnswerMsByChannel, pair), rejectedOf(c.appealsRejectedByChannel, pair), withinOf(pair)) };
  });
  const sum = (f: (pair: string) => number) => APPEAL_ROWS.reduce((s, r) => s + f(`${r.channel}:${r.clientType}`), 0);
  const totals = figures(
    sum((p) => n(c.appealsByChannel, p)),
    sum((p) => n(c.appealsAnsweredByChannel, p)),
    sum((p) => n(c.appealsLateByChannel, p)),
    sum((p) => n(c.appealsAnswerMsByChannel, p)),
    sum((p) => rejectedOf(c.appealsRejectedByChannel, p)),
    i.backlog === null ? null : sum((p) => n(within, p)),
  );
  const rejectedByReason = RejectReason.options.map((reason) => ({ reason, count: sum((p) => n(c.appealsRejectedByChannel, `${p}:${reason}`)) }));

  const { previous, current } = regulatorYears(i.year, i.timeZone);
  const ofChannel = (rec: Record<string, number> | null, channel: string) => (rec === null ? null : APPEAL_ROWS.filter((r) => r.channel === channel).reduce((s, r) => s + n(rec, `${r.channel}:${r.clientType}`), 0));
  const regulatorRow = (channel: RegulatorRow['channel'], p: number | null, q: number | null): RegulatorRow => ({ channel, previous: p, current: q, change: yearChange(p, q) });
  const byChannel = AppealChannel.options.map((ch) => regulatorRow(ch, ofChannel(i.previousYear, ch), ofChannel(i.currentYear, ch)));
  const all = (pick: (r: RegulatorRow) => number | null) => (byChannel.some((r) => pick(r) === null) ? null : byChannel.reduce((s, r) => s + pick(r)!, 0));

  return {
    sites: i.sites,
    timeZone: i.timeZone,
    period: i.period,
    generatedAt: i.generatedAt,
    totals,
    rows,
    rejectedByReason,
    regulator: {
      year: i.year,
      previousPeriod: previous,
      currentPeriod: current,
      complete: i.generatedAt >= current.to,
      rows: [...byChannel, regulatorRow('all', all((r) => r.previous), all((r) => r.current))],
    },
  };
}
