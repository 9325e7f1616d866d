/**
 * A report as sheets of cells — what the CSV and the XLSX both write, so the two hold the same
 * figures (issue 17). Shares in percent and seconds rounded to 0.1; times in the report's zone.
 * Pure.
 */
import { DateTime } from 'luxon';
import { kpiName } from '../../../shared/kpi-names.js';
import { REPORT_KPIS, reportNumber, type ComplianceInterval, type ComplianceReport, type ComplianceRow, type ReportKpi } from '../../../shared/reports.js';
import { REPORT_WORDS, type ReportLang } from '../../../shared/report-words.js';
import type { KpiUnit } from '../../../shared/kpi-rules.js';

export type Cell = string | number | null;
export interface Sheet {
  name: string;
  /** lines above the table: what, where, when */
  heading: Cell[][];
  header: string[];
  rows: Cell[][];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function reportTime(ms: number, timeZone: string): string {
  return DateTime.fromMillis(ms, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm');
}

function limits(r: ComplianceRow): string {
  const t = r.thresholds;
  const n = (v: number | undefined) => (v === undefined ? '—' : String(reportNumber(r.unit, v)));
  const below = t.warnBelow !== undefined || t.alertBelow !== undefined ? `< ${n(t.warnBelow)} / < ${n(t.alertBelow)}` : '';
  const above = t.warnAbove !== undefined || t.alertAbove !== undefined ? `> ${n(t.warnAbove)} / > ${n(t.alertAbove)}` : '';
  return [below, above].filter(Boolean).join('; ') || '—';
}

export function complianceSheets(r: ComplianceReport, lang: ReportLang, names: { sites: string; queue?: string; ringsToAnswer: number; group?: (id: string) => string }): Sheet[] {
  const w = REPORT_WORDS[lang];
  const at = (ms: number) => reportTime(ms, r.timeZone);
  const unitWord = (u: KpiUnit) => (u === 'ratio' ? w.percent : u === 'seconds' ? w.seconds : '');
  const heading: Cell[][] = [
    [w.title],
    [w.sites, names.sites],
    [w.queue, names.queue ?? w.allQueues],
    [w.period, `${at(r.period.from)} — ${at(r.period.to)}`],
    [w.step, w.steps[r.step]],
    ...(r.group ? [[w.group, w.groups[r.group]]] : []),
    [w.zone, r.timeZone],
    [w.generatedAt, at(r.generatedAt)],
    [w.offered, r.totals.offered, w.answered, r.totals.answered, w.abandoned, r.totals.abandoned],
    ...(r.feedGaps?.length ? [[w.gaps, r.feedGaps.map((g) => `${g.source}: ${at(g.from)} — ${at(g.to)}`).join('; ')]] : []),
  ];
  const change = (now: number | null, then: number | null, unit: KpiUnit) => (now === null || then === null ? null : round1((reportNumber(unit, now) ?? 0) - (reportNumber(unit, then) ?? 0)));
  const summaryHeader = [w.norm, w.kpi, w.value, '', w.target, w.limits, w.status, `${w.compliance}, %`, w.intervalsWithin, w.previous, w.change, w.yearBefore, w.change, w.worst];
  const summaryRows = (rows: readonly ComplianceRow[]): Cell[][] =>
    rows.map((row) => [
      row.norm,
      kpiName(row.kpi, lang, names.ringsToAnswer),
      reportNumber(row.unit, row.value),
      unitWord(row.unit),
      row.targetMax !== undefined ? `${reportNumber(row.unit, row.target)}–${reportNumber(row.unit, row.targetMax)}` : reportNumber(row.unit, row.target),
      limits(row),
      w.statuses[row.status],
      row.compliance === null ? null : round1(row.compliance * 100),
      `${row.withinNorm} / ${row.intervals}`,
      reportNumber(row.unit, row.previous),
      change(row.value, row.previous, row.unit),
      reportNumber(row.unit, row.yearBefore),
      change(row.value, row.yearBefore, row.unit),
      row.worst.map((x) => `${at(x.start)}: ${reportNumber(row.unit, x.value)}`).join('; '),
    ]);
  const unitOf = (kpi: ReportKpi) => r.rows.find((x) => x.kpi === kpi)!.unit;
  const intervalsHeader = [w.intervalStart, w.intervalEnd, w.offered, w.answered, w.abandoned, ...REPORT_KPIS.map(({ kpi }) => {
    const row = r.rows.find((x) => x.kpi === kpi)!;
    return `${row.norm} ${kpiName(kpi, lang, names.ringsToAnswer)}${unitWord(row.unit) ? `, ${unitWord(row.unit)}` : ''}`;
  })];
  const intervalRows = (list: readonly ComplianceInterval[]): Cell[][] => list.map((x) => [at(x.start), at(x.end), x.offered, x.answered, x.abandoned, ...REPORT_KPIS.map(({ kpi }) => reportNumber(unitOf(kpi), x.values[kpi]))]);
  const summary: Sheet = { name: w.summarySheet, heading, header: summaryHeader, rows: summaryRows(r.rows) };
  const intervals: Sheet = {
    name: w.intervalsSheet,
    heading: [[w.title], [w.sites, names.sites], [w.period, `${at(r.period.from)} — ${at(r.period.to)}`]],
    header: intervalsHeader,
    rows: intervalRows(r.intervals),
  };
  if (!r.group || !r.groups) return [summary, intervals];
  // grouped: a block per site or queue, its name in the first column, in two more sheets
  const by = w.groupOf[r.group];
  const named = (id: string) => names.group?.(id) ?? id;
  const groupHeading: Cell[][] = [[w.title], [w.sites, names.sites], [w.period, `${at(r.period.from)} — ${at(r.period.to)}`], [w.group, w.groups[r.group]]];
  return [
    summary,
    intervals,
    { name: `${w.summarySheet} ${w.groups[r.group]}`, heading: groupHeading, header: [by, ...summaryHeader], rows: r.groups.flatMap((g) => summaryRows(g.rows).map((row) => [named(g.id), ...row])) },
    { name: `${w.intervalsSheet} ${w.groups[r.group]}`, heading: groupHeading, header: [by, ...intervalsHeader], rows: r.groups.flatMap((g) => intervalRows(g.intervals).map((row) => [named(g.id), ...row])) },
  ];
}
