/**
 * N4 / N11: the callback backlog. Every open callback has a due time; the wall shows how
 * many are open, how many are still to be made today, how many are overdue — and how many
 * fell due while the callback window (09:00–17:30) was closed and wait for it to open:
 * those are waiting, not idle staff.
 *
 * The partition is the server's (server/domain/callback-window.ts `callbackState`), redone
 * here against the ticking clock so the wall moves between updates:
 * - `overdue`: due (dueAt ≤ now) and window time has passed since (`windowDueAt` ≤ now);
 * - `waiting_window`: due, but the window has not opened since it fell due;
 * - `due_today`: not yet due, due on the site-local day of `now`;
 * - `later`: due on a later day.
 */
import type { CallbackLive } from '@shared/snapshot.js';
import { localDateKey } from './local-day.js';

export type CallbackState = 'overdue' | 'waiting_window' | 'due_today' | 'later';

export interface DeadlineBuckets {
  open: number;
  /** not yet due, due before the end of the site-local day */
  dueToday: number;
  overdue: number;
  /** callbacks only: fell due outside the callback window, waiting for it (N11) */
  waitingWindow: number;
}

export const EMPTY_BUCKETS: Readonly<DeadlineBuckets> = Object.freeze({ open: 0, dueToday: 0, overdue: 0, waitingWindow: 0 });

/** Is `dueAt` on the site-local calendar day of `now`? */
export function isSameLocalDayAs(dueAt: number, now: number, timeZone: string): boolean {
  return localDateKey(dueAt, timeZone) === localDateKey(now, timeZone);
}

/**
 * Where a callback stands at `now`. Without `windowDueAt` (a server that does not send it)
 * the window is taken as open, so a callback is overdue as soon as it is due.
 */
export function callbackState(cb: Pick<CallbackLive, 'dueAt' | 'windowDueAt'>, now: number, timeZone: string): CallbackState {
  if (cb.dueAt <= now) return (cb.windowDueAt ?? cb.dueAt) <= now ? 'overdue' : 'waiting_window';
  return isSameLocalDayAs(cb.dueAt, now, timeZone) ? 'due_today' : 'later';
}

export function bucketCallbacks(callbacks: readonly Pick<CallbackLive, 'dueAt' | 'windowDueAt'>[], now: number, timeZone: string): DeadlineBuckets {
  const b = { ...EMPTY_BUCKETS, open: callbacks.length };
  for (const cb of callbacks) {
    const s = callbackState(cb, now, timeZone);
    if (s === 'overdue') b.overdue++;
    else if (s === 'waiting_window') b.waitingWindow++;
    else if (s === 'due_today') b.dueToday++;
  }
  return b;
}

export function addBuckets(a: DeadlineBuckets, b: DeadlineBuckets): DeadlineBuckets {
  return { open: a.open + b.open, dueToday: a.dueToday + b.dueToday, overdue: a.overdue + b.overdue, waitingWindow: a.waitingWindow + b.waitingWindow };
}

/** Sums the per-site buckets of several sites, each bucketed in its own time zone. */
export function bucketAcrossSites<S extends { timeZone: string }>(
  sites: readonly S[],
  bucket: (site: S) => DeadlineBuckets,
): DeadlineBuckets {
  return sites.reduce<DeadlineBuckets>((acc, s) => addBuckets(acc, bucket(s)), { ...EMPTY_BUCKETS });
}
