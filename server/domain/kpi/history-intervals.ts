/**
 * The intervals of a history request: 15-min buckets as stored, or local hours / local days
 * of a site's zone, each listing the counter buckets it sums. Pure.
 */
import { DateTime } from 'luxon';
import type { HistoryStep } from '../../../shared/kpi.js';
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
export function intervalCount(from: number, to: number, step: HistoryStep): number {
  const width = step === '15m' ? BUCKET_MS : step === '1h' ? 4 * BUCKET_MS : 96 * BUCKET_MS;
  return Math.ceil((to - from) / width) + 1;
}

export function planIntervals(from: number, to: number, step: HistoryStep, timeZone: string): IntervalPlan[] {
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
  const unit = step === '1h' ? 'hour' : 'day';
  for (let s = DateTime.fromMillis(from, { zone: timeZone }).startOf(unit); s.toMillis() < to; ) {
    const next = s.plus(step === '1h' ? { hours: 1 } : { days: 1 });
    push(s.toMillis(), next.toMillis());
    s = next;
  }
  return out;
}
