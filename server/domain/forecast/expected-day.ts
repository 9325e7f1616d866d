/**
 * What a site-local day is expected to bring, from its history (issue 16, "history blend" and
 * "forecast vs actual"): per 15-minute bucket of the day, the calls offered on the same weekday
 * at the same local time over the past N weeks, taken as their median (`robustBaseline`: one past
 * outage or holiday does not move it). A past day with no counts at all for the site is left out,
 * not taken as a zero day: the feed was not connected yet, or Obzor was away. Pure; the store
 * adapter (server/store/weekday-baseline.ts) reads the counters and caches the result per day.
 * docs/kpis.md, "Forecast: the expected day".
 */
import { DateTime } from 'luxon';
import { BUCKET_MS } from '../../../shared/buckets.js';
import { sumCounters } from '../day-totals.js';
import { robustBaseline } from '../staffing/surge-test.js';

export const DEFAULT_HISTORY_WEEKS = 8;

export interface ExpectedDay {
  timeZone: string;
  /** the local day, [dayStart, dayEnd) epoch ms (23, 24 or 25 hours where a zone shifts its clocks) */
  dayStart: number;
  dayEnd: number;
  /** the day's 15-minute bucket starts, in order */
  buckets: readonly number[];
  /** the site's expected calls offered per bucket (the median of the site's totals, not the sum of the queues' medians) */
  site: readonly number[];
  /** the same per queue; a queue a used week did not have counts 0 there */
  byQueue: ReadonlyMap<string, readonly number[]>;
  /** the past weeks that had counts and went into the medians (0: no history, every figure 0) */
  weeksUsed: number;
}

/** The 15-minute bucket starts of the local day that begins at `dayStart`. */
export function bucketsOfDay(dayStart: number, timeZone: string): { buckets: number[]; dayEnd: number } {
  const dayEnd = DateTime.fromMillis(dayStart, { zone: timeZone }).plus({ days: 1 }).startOf('day').toMillis();
  const buckets: number[] = [];
  for (let b = dayStart; b < dayEnd; b += BUCKET_MS) buckets.push(b);
  return { buckets, dayEnd };
}

/**
 * The same local wall time `w` weeks before, for each bucket and week (index [week-1][bucket]):
 * luxon keeps the wall clock across a shift of the zone's offset, so 09:00 is compared with 09:00.
 * A time that did not exist then (a spring-forward gap) lands where luxon puts it, and is then
 * floored to its bucket.
 */
export function pastBucketsOf(buckets: readonly number[], timeZone: string, weeks: number): number[][] {
  const out: number[][] = [];
  for (let w = 1; w <= weeks; w++) {
    out.push(buckets.map((b) => {
      const t = DateTime.fromMillis(b, { zone: timeZone }).minus({ weeks: w }).toMillis();
      return Math.floor(t / BUCKET_MS) * BUCKET_MS;
    }));
  }
  return out;
}

/**
 * The expected day from the past weeks' counter hashes: `pastHashes[week-1][bucket]` is the
 * counter hash (shared/counters.ts fields) of that bucket `week` weeks ago, `{}` when there is none.
 */
export function expectedDay(day: { timeZone: string; dayStart: number; dayEnd: number; buckets: readonly number[] }, pastHashes: readonly (readonly Record<string, string>[])[]): ExpectedDay {
  const n = day.buckets.length;
  const weeks: { site: number[]; byQueue: Map<string, number[]> }[] = [];
  for (const hashes of pastHashes) {
    const site = new Array<number>(n).fill(0);
    const byQueue = new Map<string, number[]>();
    let any = false;
    for (let i = 0; i < n; i++) {
      const h = hashes[i];
      if (!h || !Object.keys(h).length) continue;
      any = true;
      for (const [queue, t] of sumCounters([h]).byQueue) {
        let row = byQueue.get(queue);
        if (!row) byQueue.set(queue, (row = new Array<number>(n).fill(0)));
        row[i] = t.offered;
        site[i]! += t.offered;
      }
    }
    if (any) weeks.push({ site, byQueue });
  }
  const queues = new Set<string>();
  for (const w of weeks) for (const q of w.byQueue.keys()) queues.add(q);
  const median = (pick: (w: (typeof weeks)[number]) => number) => robustBaseline(weeks.map(pick)) ?? 0;
  const site = day.buckets.map((_, i) => median((w) => w.site[i]!));
  const byQueue = new Map<string, number[]>();
  for (const q of [...queues].sort()) byQueue.set(q, day.buckets.map((_, i) => median((w) => w.byQueue.get(q)?.[i] ?? 0)));
  return { timeZone: day.timeZone, dayStart: day.dayStart, dayEnd: day.dayEnd, buckets: day.buckets, site, byQueue, weeksUsed: weeks.length };
}

/**
 * Expected calls offered in [t1, t2) of the day, for one queue (or the site without `queue`):
 * each bucket counts in proportion to the part of it inside the range (pro rata: calls spread
 * evenly within 15 minutes). The part of the range outside the day counts nothing. A queue the
 * history never saw expects 0.
 */
export function expectedOffered(day: ExpectedDay, queue: string | undefined, t1: number, t2: number): number {
  const row = queue === undefined ? day.site : day.byQueue.get(queue);
  if (!row || t2 <= t1) return 0;
  let sum = 0;
  for (let i = 0; i < day.buckets.length; i++) {
    const b = day.buckets[i]!;
    const e = Math.min(b + BUCKET_MS, day.dayEnd);
    const overlap = Math.min(e, t2) - Math.max(b, t1);
    if (overlap > 0) sum += row[i]! * (overlap / (e - b));
  }
  return sum;
}

/** The expected count per local hour of the day (the chart's series): [hourStart, hourEnd, expected]. */
export function expectedByHour(day: ExpectedDay, queue: string | undefined): { start: number; end: number; expected: number }[] {
  const out: { start: number; end: number; expected: number }[] = [];
  let start = day.dayStart;
  while (start < day.dayEnd) {
    const end = Math.min(DateTime.fromMillis(start, { zone: day.timeZone }).plus({ hours: 1 }).startOf('hour').toMillis(), day.dayEnd);
    out.push({ start, end, expected: expectedOffered(day, queue, start, end) });
    start = end;
  }
  return out;
}
