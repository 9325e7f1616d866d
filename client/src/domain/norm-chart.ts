/**
 * Issue 17, the compliance report's charts: one norm's series as drawn — its value per interval in
 * the report's units (a share in percent, seconds to 0.1: shared/reports.ts `reportNumber`), the
 * target, and each point's status as the server judged it (never judged again here), with an
 * interval's label by the report's step. Pure.
 */
import { reportNumber, type ComplianceInterval, type ComplianceRow, type ReportStatus, type ReportStep } from '@shared/reports.js';

export interface NormSeries {
  labels: string[];
  values: (number | null)[];
  statuses: ReportStatus[];
  /** the target (and the band's upper end, N3), in the same units; null: none */
  target: number | null;
  targetMax: number | null;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: string, timeZone: string, o: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(o)}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone, ...o })));
  return f;
}

/** `14:15` (a day's intervals), `25.11 14:00`, `25.11` (days, weeks: their first day), `янв. 2026` (months) */
export function intervalLabel(ms: number, step: ReportStep, timeZone: string, locale: string, oneDay: boolean): string {
  if (step === '1mo') return fmt(locale, timeZone, { month: 'short', year: 'numeric' }).format(ms);
  if (step === '1d' || step === '1w') return fmt(locale, timeZone, { day: '2-digit', month: '2-digit' }).format(ms);
  const time = fmt(locale, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
  return oneDay ? time : `${fmt(locale, timeZone, { day: '2-digit', month: '2-digit' }).format(ms)} ${time}`;
}

export function normSeries(row: ComplianceRow, intervals: readonly ComplianceInterval[], step: ReportStep, timeZone: string, locale: string): NormSeries {
  const oneDay = intervals.length > 0 && intervals.at(-1)!.end - intervals[0]!.start <= 86_400_000 + 3_600_000;
  return {
    labels: intervals.map((x) => intervalLabel(x.start, step, timeZone, locale, oneDay)),
    values: intervals.map((x) => reportNumber(row.unit, x.values[row.kpi])),
    statuses: intervals.map((x) => x.statuses[row.kpi]),
    target: reportNumber(row.unit, row.target),
    targetMax: reportNumber(row.unit, row.targetMax),
  };
}
