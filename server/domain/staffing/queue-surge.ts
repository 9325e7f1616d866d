/**
 * A queue's surge verdict now (issue 16, item 3; docs/kpis.md "Surge"): the calls that entered
 * the queue in the last 5 and the last 10 minutes (to the minute: shared/counters.ts
 * queueArrivalMinuteField) against the expected count for the same span, by the Poisson tail test
 * of surge-test.ts.
 *
 * The expected count comes from the same weekday's history (the robust baseline of past weeks)
 * when the site has any; a site without history yet falls back on the rate of the hour before the
 * window — but only when the hotline was open all that hour, so a unit opening at 9:00 is not
 * taken for a surge at 9:05, and when the queue had calls before that hour (the counters read reach
 * 90 minutes back), so a feed connected at 6:00 does not make 5:00–6:00 look like a quiet hour. Pure.
 */
import type { QueueSurge } from '../../../shared/snapshot.js';
import { DEFAULT_SURGE_RULE, surgeTest, type SurgeRule } from './surge-test.js';

/**
 * Two windows: 5 minutes sees a sharp step soon (×3 on a 120-an-hour hotline fires 4–5 min after
 * it), 10 minutes a slower rise the short one would call noise. Each is tested every minute.
 */
export const SURGE_WINDOWS_MIN = [5, 10] as const;
/** the longest window: how far back a verdict reaches */
export const SURGE_WINDOW_MIN = 10;
const MINUTE = 60_000;

export interface SurgeInput {
  /** arrivals per minute (minute start, epoch ms → calls), today's */
  arrivals: ReadonlyMap<number, number>;
  now: number;
  /** the history's expected calls in [from, to), undefined without history */
  expectedFromHistory?: (from: number, to: number) => number | undefined;
  /** whether the hour before the window can serve as the baseline (hotline open, inside today) */
  earlierHourUsable: boolean;
  rule?: SurgeRule;
}

function arrivalsIn(arrivals: ReadonlyMap<number, number>, from: number, to: number): number {
  let n = 0;
  for (let m = Math.floor(from / MINUTE) * MINUTE; m < to; m += MINUTE) n += arrivals.get(m) ?? 0;
  return n;
}

/** the queue had calls before `t`: its data covers the hour after it (a feed that began at 6:00 has no empty night before) */
function seenBefore(arrivals: ReadonlyMap<number, number>, t: number): boolean {
  for (const [m, n] of arrivals) if (m < t && n > 0) return true;
  return false;
}

export function queueSurge(i: SurgeInput): QueueSurge | undefined {
  let fired: QueueSurge | undefined;
  let longest: QueueSurge | undefined;
  for (const windowMin of SURGE_WINDOWS_MIN) {
    const v = windowVerdict(i, windowMin);
    if (!v) return undefined;
    if (v.surge && (!fired || v.ratio > fired.ratio)) fired = v;
    longest = v;
  }
  // the window that fired (the stronger, if both did), else the longest one: what screens show
  return fired ?? longest;
}

function windowVerdict(i: SurgeInput, windowMin: number): QueueSurge | undefined {
  // the window ends with the minute running now: whole minutes before it and the part of this one gone by
  const thisMinute = Math.floor(i.now / MINUTE) * MINUTE;
  const from = thisMinute - (windowMin - 1) * MINUTE;
  const spanMin = (i.now - from) / MINUTE;
  const observed = arrivalsIn(i.arrivals, from, i.now);
  const history = i.expectedFromHistory?.(from, i.now);
  let expected: number;
  let baseline: QueueSurge['baseline'];
  if (history !== undefined) {
    expected = history;
    baseline = 'history';
  } else if (i.earlierHourUsable && seenBefore(i.arrivals, from - 60 * MINUTE)) {
    expected = (arrivalsIn(i.arrivals, from - 60 * MINUTE, from) / 60) * spanMin;
    baseline = 'earlier-today';
  } else return undefined;
  const v = surgeTest(observed, expected, i.rule ?? DEFAULT_SURGE_RULE);
  return { observed, expected: Math.round(expected * 10) / 10, ratio: Math.round(v.ratio * 10) / 10, windowMin, baseline, surge: v.surge };
}

/** Today's arrivals per queue and minute, from the counter buckets' `qm|` fields. */
export function arrivalsByMinute(buckets: readonly { start: number; fields: Record<string, string> }[], read: (field: string) => { queue: string; minute: number } | undefined): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const b of buckets) {
    for (const field in b.fields) {
      const f = read(field);
      if (!f) continue;
      const n = Number(b.fields[field]);
      if (!Number.isFinite(n) || n <= 0) continue;
      let q = out.get(f.queue);
      if (!q) out.set(f.queue, (q = new Map()));
      const m = b.start + f.minute * MINUTE;
      q.set(m, (q.get(m) ?? 0) + n);
    }
  }
  return out;
}
