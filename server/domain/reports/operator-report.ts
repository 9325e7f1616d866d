/**
 * Issue 17, the operator report: the per-operator counters of a period (shared/counters.ts,
 * `perAgent`) made into each operator's figures. Pure: the route reads the counters and the
 * operators' names, this decides what is shown. Its rows are the site's operators — ids that
 * rang, answered, worked or paused in the period, or that the site names — so a console login
 * recording a call-back is counted (`callbacksByOthers`), never a row of its own.
 */
import type { SplitTotals } from '../day-totals.js';
import type { OperatorFigures, OperatorReport, OperatorRow, PauseFigure } from '../../../shared/operator-report.js';
import type { ReportPeriod } from '../../../shared/reports.js';

export interface OperatorReportInput {
  sites: string[];
  timeZone: string;
  period: ReportPeriod;
  generatedAt: number;
  counts: Pick<SplitTotals, 'byAgent' | 'byAgentKey'>;
  /** operator id → display name (the sites file's, else the PBX's latest) */
  names: Readonly<Record<string, string>>;
}

/** the counters that make an id an operator of the period */
const WORK = ['ringsOffered', 'answered', 'ringsMissed', 'ringsPast3', 'talkN', 'acwN', 'acwSumMs'] as const;

const avgSec = (sumMs: number, n: number) => (n > 0 ? sumMs / n / 1000 : null);

const byLongest = (x: PauseFigure, y: PauseFigure) => y.seconds - x.seconds || (x.reason < y.reason ? -1 : 1);

/** one operator's or everyone's figures from their counts: averages of the sums, never an average of averages */
function figuresOf(count: (name: keyof SplitTotals['byAgent']) => number, pausesByReason: PauseFigure[]): OperatorFigures {
  return {
    offered: count('ringsOffered'),
    answered: count('answered'),
    missed: count('ringsMissed'),
    ringsPast3: count('ringsPast3'),
    talks: count('talkN'),
    talkAvgSec: avgSec(count('talkSumMs'), count('talkN')),
    acw: count('acwN'),
    acwAvgSec: avgSec(count('acwSumMs'), count('acwN')),
    pauses: pausesByReason.reduce((s, p) => s + p.count, 0),
    pauseSec: pausesByReason.reduce((s, p) => s + p.seconds, 0),
    pausesByReason,
    callbacks: count('lostCallBacks'),
    callbacksReached: count('lostCallBacksReached'),
  };
}

function figures(c: OperatorReportInput['counts'], id: string): OperatorFigures {
  const a = (name: keyof SplitTotals['byAgent']) => c.byAgent[name][id] ?? 0;
  const pauseMs = c.byAgentKey.pauseMs[id] ?? {};
  const pauseN = c.byAgentKey.pauseN[id] ?? {};
  const pausesByReason: PauseFigure[] = [...new Set([...Object.keys(pauseMs), ...Object.keys(pauseN)])]
    .map((reason) => ({ reason, count: pauseN[reason] ?? 0, seconds: (pauseMs[reason] ?? 0) / 1000 }))
    .sort(byLongest);
  return figuresOf(a, pausesByReason);
}

/** everyone's figures: counts added, averages of the sums (never an average of averages) */
function totalsOf(c: OperatorReportInput['counts'], ids: readonly string[]): OperatorFigures {
  const sum = (name: keyof SplitTotals['byAgent']) => ids.reduce((s, id) => s + (c.byAgent[name][id] ?? 0), 0);
  const reasons = new Map<string, PauseFigure>();
  for (const id of ids) {
    for (const p of figures(c, id).pausesByReason) {
      const r = reasons.get(p.reason) ?? { reason: p.reason, count: 0, seconds: 0 };
      reasons.set(p.reason, { reason: p.reason, count: r.count + p.count, seconds: r.seconds + p.seconds });
    }
  }
  const pausesByReason = [...reasons.values()].sort(byLongest);
  return figuresOf(sum, pausesByReason);
}

export function operatorReport(input: OperatorReportInput): OperatorReport {
  const c = input.counts;
  const ids = new Set<string>();
  for (const name of WORK) for (const id of Object.keys(c.byAgent[name])) ids.add(id);
  for (const id of Object.keys(c.byAgentKey.pauseN)) ids.add(id);
  for (const id of Object.keys(c.byAgentKey.pauseMs)) ids.add(id);
  // a call-back by an id the site knows as an operator (a CRM naming the operator) makes a row
  for (const id of Object.keys(c.byAgent.lostCallBacks)) if (Object.hasOwn(input.names, id)) ids.add(id);
  const nameOf = (id: string) => (Object.hasOwn(input.names, id) ? input.names[id]! : null);
  const rows: OperatorRow[] = [...ids]
    .map((agentId) => ({ agentId, name: nameOf(agentId), ...figures(c, agentId) }))
    .sort((x, y) => (x.name ?? '\uffff').localeCompare(y.name ?? '\uffff', 'ru') || (x.agentId < y.agentId ? -1 : x.agentId > y.agentId ? 1 : 0));
  const list = rows.map((r) => r.agentId);
  const totals = totalsOf(c, list);
  const allCallbacks = Object.values(c.byAgent.lostCallBacks).reduce((s, n) => s + n, 0);
  return {
    sites: input.sites,
    timeZone: input.timeZone,
    period: { from: input.period.from, to: input.period.to },
    generatedAt: input.generatedAt,
    rows,
    totals,
    reasons: totals.pausesByReason.map((p) => p.reason),
    callbacksByOthers: allCallbacks - totals.callbacks,
  };
}
