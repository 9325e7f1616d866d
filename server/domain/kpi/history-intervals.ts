/**
 * The intervals of a history request: 15-min buckets as stored, or local hours / days / weeks
 * (Monday–Sunday) / calendar months of a site's zone, each listing the counter buckets it sums.
 * Weeks and months are clipped to the period's local days. Pure.
 */
import { DateTime } from 'luxon';
import type { ReportStep } from '../../../shared/reports.js';
import { BUCKET_MS } from '../../../shared/buckets.js';

export interface IntervalPlan {
  start: number;
  end: number;
  /** the 15-min counter buckets inside [start, end) */
  buckets: number[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An RFC 3339 instant (with Z or offset) or a local date 'YYYY-MM-DD' of the zone: its start,
 * or with `endOfDate` the start of the next day (so `to=2026-11-30` includes the 30th).
 */
export function parseInstant(text: string, timeZone: string, endOfDate = false): number | undefined {
  if (ISO_DATE.test(text)) {
    const d = DateTime.fromISO(text, { zone: timeZone });
    if (!d.isValid || d.toISODate() !== text) return undefined;
    return (endOfDate ? d.plus({ days: 1 }) : d).toMillis();
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** How many intervals [from, to) makes at `step` (without building them). */
export function intervalCount(from: number, to: number, step: ReportStep): number {
  const width = step === '15m' ? BUCKET_MS : step === '1h' ? 4 * BUCKET_MS : step === '1d' ? 96 * BUCKET_MS : step === '1w' ? 7 * 96 * BUCKET_MS : 28 * 96 * BUCKET_MS;
  return Math.ceil((to - from) / width) + 1;
}

const UNITS = { '1h': ['hour', { hours: 1 }], '1d': ['day', { days: 1 }], '1w': ['week', { weeks: 1 }], '1mo': ['month', { months: 1 }] } as const;

export function planIntervals(from: number, to: number, step: ReportStep, timeZone: string): IntervalPlan[] {
  const out: IntervalPlan[] = [];
  const push = (start: number, end: number) => {
    const buckets: number[] = [];
    for (let b = Math.ceil(start / BUCKET_MS) * BUCKET_MS; b < end; b += BUCKET_MS) buckets.push(b);
    out.push({ start, end, buckets });
  };
  if (step === '15m') {
    for (let s = Math.floor(from / BUCKET_MS) * BUCKET_MS; s < to; s += BUCKET_MS) push(s, s + BUCKET_MS);
    return out;
  }
  const [unit, width] = UNITS[step];
  // weeks and months are clipped to the period's days: its first local midnight, and the midnight after its last moment
  const first = DateTime.fromMillis(from, { zone: timeZone }).startOf('day').toMillis();
  const last = DateTime.fromMillis(to - 1, { zone: timeZone }).startOf('day').plus({ days: 1 }).toMillis();
  const clip = unit === 'week' || unit === 'month';
  // luxon's week is the ISO week: Monday to Sunday
  for (let s = DateTime.fromMillis(from, { zone: timeZone }).startOf(unit); s.toMillis() < to; ) {
    const next = s.plus(width);
    push(clip ? Math.max(s.toMillis(), first) : s.toMillis(), clip ? Math.min(next.toMillis(), last) : next.toMillis());
    s = next;
  }
  return out;
}
