/**
 * Issue 17: the compliance report — for each call norm a report can judge from history, its value
 * over the period (the counters summed, then the KPI's own formula: never an average of
 * averages), the site's target and limits, the share of intervals that kept it, the worst
 * intervals, and the same figure a period and a year earlier. Pure: the route reads the counters.
 */
import { DateTime } from 'luxon';
import { KPI_META, kpiStatus } from '../../../shared/kpi-rules.js';
import { REPORT_KPIS, type ComplianceGroup, type ComplianceInterval, type ComplianceReport, type ComplianceRow, type ReportGroup, type ReportKpi, type ReportPeriod, type ReportStatus, type ReportStep } from '../../../shared/reports.js';
import type { Totals } from '../day-totals.js';
import { sumTotals } from '../../../shared/day-totals.js';
import { callRates } from '../kpi/kpi-formulas.js';
import type { KpiSetting } from '../kpi/kpi-status.js';

export interface TotalsInterval {
  start: number;
  end: number;
  totals: Totals;
}

/** the counters of a block of the report (the whole, or one site or queue) and the norms it is judged by */
export interface ComplianceFigures {
  intervals: readonly TotalsInterval[];
  /** the whole previous period's and year-before period's totals; null when not kept */
  previous: Totals | null;
  yearBefore: Totals | null;
  /** each KPI's target and limits (the whole: the first site's, the norms a multi-site report is judged by; a site's block: its own) */
  setting: (kpi: ReportKpi) => KpiSetting;
}

export interface ComplianceInput extends ComplianceFigures {
  sites: string[];
  queue?: string;
  timeZone: string;
  step: ReportStep;
  period: ReportPeriod;
  generatedAt: number;
  feedGaps?: ComplianceReport['feedGaps'];
  /** `group=site|queue`: a block per site or queue, each of the same intervals */
  groups?: { by: ReportGroup; blocks: (ComplianceFigures & { id: string })[] };
}

/** The period just before, of the same length; and the same local dates a year earlier. */
export function comparisonPeriods(p: ReportPeriod, timeZone: string): { previous: ReportPeriod; yearBefore: ReportPeriod } {
  const yearAgo = (ms: number) => DateTime.fromMillis(ms, { zone: timeZone }).minus({ years: 1 }).toMillis();
  return { previous: { from: p.from - (p.to - p.from), to: p.from }, yearBefore: { from: yearAgo(p.from), to: yearAgo(p.to) } };
}

const SEVERITY = { alert: 2, warn: 1, ok: 0 } as const;

/** how far a value is on the bad side: lower is worse for "at least" norms, higher for "at most", away from the middle for a band (N3) */
function badness(v: number, s: KpiSetting): number {
  const t = s.thresholds;
  const below = t.warnBelow !== undefined || t.alertBelow !== undefined;
  const above = t.warnAbove !== undefined || t.alertAbove !== undefined;
  if (below && above) {
    const lo = t.warnBelow ?? t.alertBelow!;
    const hi = t.warnAbove ?? t.alertAbove!;
    return Math.abs(v - (lo + hi) / 2);
  }
  return below ? -v : above ? v : 0;
}

/** one block's figures: its intervals' values judged, and a row per norm over the period */
export function complianceFigures(i: ComplianceFigures): Pick<ComplianceGroup, 'totals' | 'rows' | 'intervals'> {
  const intervals: ComplianceInterval[] = i.intervals.map((x) => {
    const r = callRates(x.totals);
    const values = Object.fromEntries(REPORT_KPIS.map(({ kpi, field }) => [kpi, r[field]])) as Record<ReportKpi, number | null>;
    const statuses = Object.fromEntries(REPORT_KPIS.map(({ kpi }) => [kpi, values[kpi] === null ? 'none' : kpiStatus(values[kpi], i.setting(kpi).thresholds)])) as Record<ReportKpi, ReportStatus>;
    return { start: x.start, end: x.end, offered: x.totals.offered, answered: x.totals.answered, abandoned: x.totals.abandoned, values, statuses };
  });
  const total = i.intervals.length ? sumTotals(i.intervals.map((x) => x.totals)) : null;
  const rates = total ? callRates(total) : null;
  const previousRates = i.previous ? callRates(i.previous) : null;
  const yearRates = i.yearBefore ? callRates(i.yearBefore) : null;
  const rows: ComplianceRow[] = REPORT_KPIS.map(({ kpi, field }) => {
    const s = i.setting(kpi);
    const value = rates?.[field] ?? null;
    const judged = intervals.filter((x) => x.values[kpi] !== null).map((x) => ({ x, v: x.values[kpi]!, status: x.statuses[kpi] as Exclude<ReportStatus, 'none'> }));
    const withinNorm = judged.filter((j) => j.status === 'ok').length;
    const worst = judged
      .filter((j) => j.status !== 'ok')
      .sort((a, b) => SEVERITY[b.status] - SEVERITY[a.status] || badness(b.v, s) - badness(a.v, s) || a.x.start - b.x.start)
      .slice(0, 3)
      .map((j) => ({ start: j.x.start, end: j.x.end, value: j.v }));
    return {
      kpi,
      norm: KPI_META[kpi].norm,
      unit: KPI_META[kpi].unit,
      value,
      target: s.target,
      ...(s.targetMax !== undefined ? { targetMax: s.targetMax } : {}),
      thresholds: s.thresholds,
      status: value === null ? 'none' : kpiStatus(value, s.thresholds),
      intervals: judged.length,
      withinNorm,
      compliance: judged.length ? withinNorm / judged.length : null,
      worst,
      previous: previousRates?.[field] ?? null,
      yearBefore: yearRates?.[field] ?? null,
    };
  });
  return { totals: { offered: total?.offered ?? 0, answered: total?.answered ?? 0, abandoned: total?.abandoned ?? 0 }, rows, intervals };
}

export function complianceReport(i: ComplianceInput): ComplianceReport {
  const { previous, yearBefore } = comparisonPeriods(i.period, i.timeZone);
  const whole = complianceFigures(i);
  return {
    sites: i.sites,
    ...(i.queue !== undefined ? { queue: i.queue } : {}),
    timeZone: i.timeZone,
    step: i.step,
    period: i.period,
    previousPeriod: previous,
    yearBeforePeriod: yearBefore,
    generatedAt: i.generatedAt,
    ...whole,
    ...(i.groups ? { group: i.groups.by, groups: i.groups.blocks.map((b) => ({ id: b.id, ...complianceFigures(b) })) } : {}),
    ...(i.feedGaps?.length ? { feedGaps: i.feedGaps } : {}),
  };
}
