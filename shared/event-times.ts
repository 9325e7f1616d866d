/**
 * Which times the contract accepts (docs/events-v1.md, "Times"). A time far outside the life of
 * a contact centre is a sender's bug; accepted, it would reach the calendar and deadline code
 * with dates it cannot place (year 0099, 9999) — so it is refused at the edge, with the window.
 */
const DAY_MS = 86_400_000;

/** no event or deadline of this product is older than this */
export const EARLIEST_TIME_MS = Date.UTC(2000, 0, 1);
/** an event may be stamped at most this far ahead of the server's clock (sender clock skew) */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
/** a deadline (callback due, appeal due) at most this far ahead: two years */
export const MAX_DUE_AHEAD_MS = 731 * DAY_MS;

export interface TimeWindow {
  from: number;
  to: number;
  /** why `from` is where it is, for the message */
  fromReason: string;
}

/**
 * When an event's `at` may lie: not before `horizonMs` ago (the history the server keeps; an
 * event older than that would describe intervals that no longer exist) nor 2000-01-01, and at
 * most 5 minutes ahead. `horizonMs` Infinity: an archive import, bounded by 2000-01-01 only.
 */
export function atWindow(now: number, horizonMs: number): TimeWindow {
  const horizon = now - horizonMs;
  return horizon > EARLIEST_TIME_MS
    ? { from: horizon, to: now + MAX_FUTURE_SKEW_MS, fromReason: `${Math.round(horizonMs / DAY_MS)} days of history kept` }
    : { from: EARLIEST_TIME_MS, to: now + MAX_FUTURE_SKEW_MS, fromReason: 'the earliest time accepted' };
}

/** When a deadline (`dueAt`) may lie: from 2000-01-01 to two years ahead. */
export function dueWindow(now: number): TimeWindow {
  return { from: EARLIEST_TIME_MS, to: now + MAX_DUE_AHEAD_MS, fromReason: 'the earliest time accepted' };
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

/** null when `value` (RFC 3339, already well-formed) lies in the window, else the message for `field`. */
export function timeOutside(field: string, value: string, window: TimeWindow): string | null {
  const t = Date.parse(value);
  if (t >= window.from && t <= window.to) return null;
  return `${field}: expected a time from ${iso(window.from)} (${window.fromReason}) to ${iso(window.to)}, got ${JSON.stringify(value)}`;
}
