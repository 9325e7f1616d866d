/**
 * Issue 16: when a lost caller is due to be called back — `norms.lostCallTargetMinutes` of
 * callback-window time (N11) counted from the abandon: a call lost at 18:00, after the window
 * closed, gets its two hours from the next opening; one lost at 17:00 gets the 30 minutes left
 * today and the rest from the next opening. Pure; the fold (for "within target") and the state
 * build (for the screens) use the same function.
 */
import { LOST_CALL_KEEP_MS, lostCallState } from '../../shared/lost-calls.js';
import type { LostCallLive } from '../../shared/snapshot.js';
import type { CallbackWindow } from '../../shared/site-settings.js';
import { windowHours } from './callback-window.js';
import { timeline, type Timeline } from './site-hours.js';

const DAY_MS = 86_400_000;
/** how far the window is laid out for one target: three weeks (closures, holidays) plus a day per 30 min of target (a short window), at most 400 days */
const horizonMs = (targetMinutes: number) => Math.min(400 * DAY_MS, 21 * DAY_MS + Math.ceil(targetMinutes / 30) * DAY_MS);

/** `from` plus `ms` of open time of the timeline; undefined when the timeline runs out first */
export function addOpenTime(t: Timeline, from: number, ms: number): number | undefined {
  let left = ms;
  for (const [a, b] of t.intervals) {
    if (b <= from) continue;
    const start = Math.max(a, from);
    if (b - start >= left) return start + left;
    left -= b - start;
  }
  return undefined;
}

export function lostCallDueAt(w: CallbackWindow, targetMinutes: number, abandonedAt: number, timeZone: string): number | undefined {
  const t = timeline(windowHours(w), timeZone, abandonedAt, abandonedAt + horizonMs(targetMinutes));
  return addOpenTime(t, abandonedAt, targetMinutes * 60_000);
}

/**
 * Classifies live entries at `now` (adds `dueAt` and `state`); the window's intervals over the
 * kept week and the longest target are laid out once, so a long list costs a walk each.
 */
export function lostCallClassifier(w: CallbackWindow, targetMinutes: number, now: number, timeZone: string): (e: LostCallLive) => LostCallLive {
  const targetMs = targetMinutes * 60_000;
  const t = timeline(windowHours(w), timeZone, now - LOST_CALL_KEEP_MS - DAY_MS, now + horizonMs(targetMinutes));
  return (e) => {
    const dueAt = e.abandonedAt >= t.from ? addOpenTime(t, e.abandonedAt, targetMs) : lostCallDueAt(w, targetMinutes, e.abandonedAt, timeZone);
    return { ...e, ...(dueAt !== undefined ? { dueAt } : {}), state: lostCallState(dueAt, targetMs, now) };
  };
}

/** an entry past the kept week: out of the list, counted as not called back */
export const lostCallExpired = (e: Pick<LostCallLive, 'abandonedAt'>, now: number) => now - e.abandonedAt >= LOST_CALL_KEEP_MS;
