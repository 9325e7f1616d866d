/**
 * Figures the duty screen draws from GET /api/v1/history (shared/kpi.ts HistoryResponse):
 * the service level of the last 15 / 60 minutes and the intraday series "today vs the same
 * weekday last week". Pure.
 */
import type { HistoryInterval } from '@shared/kpi.js';
import { BUCKET_MS } from '@shared/buckets.js';
import { formatHourMinute } from '../format/clock.js';

/** Service level of several intervals together: answered in the SL time / (answered + abandoned − short abandons). */
export function serviceLevelOf(intervals: readonly HistoryInterval[]): number | null {
  let num = 0;
  let den = 0;
  for (const i of intervals) {
    num += i.answeredInServiceLevel;
    den += i.answered + i.abandoned - i.abandonedShort;
  }
  return den > 0 ? Math.min(1, num / den) : null;
}

export interface RecentServiceLevel {
  /** the current 15-minute interval (so far) */
  last15: number | null;
  /** the intervals that began within the last hour */
  last60: number | null;
}

/**
 * The server keeps counters in 15-minute intervals, so "the last 15 / 60 minutes" are the
 * whole intervals that overlap them: at least that window, at most one interval more.
 */
export function recentServiceLevel(intervals: readonly HistoryInterval[], now: number): RecentServiceLevel {
  const overlapping = (ms: number) => intervals.filter((i) => i.end > now - ms && i.start <= now);
  return { last15: serviceLevelOf(overlapping(BUCKET_MS)), last60: serviceLevelOf(overlapping(4 * BUCKET_MS)) };
}

export type IntradayMetric = 'offered' | 'answered' | 'serviceLevel' | 'answeredIn3RingsShare' | 'asaSeconds';

export const INTRADAY_METRICS: readonly IntradayMetric[] = ['offered', 'answered', 'serviceLevel', 'answeredIn3RingsShare', 'asaSeconds'];

export function isShareMetric(m: IntradayMetric): boolean {
  return m === 'serviceLevel' || m === 'answeredIn3RingsShare';
}

export interface IntradaySeries {
  /** local hours, "HH:MM" */
  labels: string[];
  today: (number | null)[];
  lastWeek: (number | null)[];
  /** today's expected calls from the same weekday's history, by the same hours (calls offered only; absent without history) */
  expected?: (number | null)[];
}

function valueOf(i: HistoryInterval, metric: IntradayMetric): number | null {
  const v = i[metric];
  if (v === null) return null;
  return isShareMetric(metric) ? Math.round(v * 1000) / 10 : v;
}

/**
 * Both days by local time of day: the labels are the union of both days' interval starts, so
 * a day that is shorter or longer (a clock change) still lines up by the hour.
 */
export function intradaySeries(
  today: readonly HistoryInterval[],
  lastWeek: readonly HistoryInterval[],
  timeZone: string,
  metric: IntradayMetric,
  /** the server's expected calls per hour (GET /api/v1/forecast), drawn with calls offered only */
  expected?: readonly { start: number; expected: number }[],
): IntradaySeries {
  const label = (i: { start: number }) => formatHourMinute(i.start, timeZone);
  const withExpected = metric === 'offered' && expected?.length ? expected : undefined;
  const labels = [...new Set([...lastWeek.map(label), ...today.map(label), ...(withExpected ?? []).map(label)])].sort();
  const byLabel = (list: readonly HistoryInterval[]) => new Map(list.map((i) => [label(i), valueOf(i, metric)]));
  const t = byLabel(today);
  const w = byLabel(lastWeek);
  const e = new Map((withExpected ?? []).map((i) => [label(i), i.expected]));
  return {
    labels,
    today: labels.map((l) => t.get(l) ?? null),
    lastWeek: labels.map((l) => w.get(l) ?? null),
    ...(withExpected ? { expected: labels.map((l) => e.get(l) ?? null) } : {}),
  };
}
