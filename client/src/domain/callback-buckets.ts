/**
 * N4 / N11: the callback backlog. Every open callback has a due time; the wall shows how
 * many are open, how many are still to be made today, how many are overdue — and how many
 * fell due while the callback window was closed and wait for it to open: those are waiting,
 * not idle staff. The partition is the server's own (shared/deadline-states.ts), redone
 * against the ticking clock with the server's `windowDueAt`, so the wall moves between updates.
 */
import type { CallbackLive } from '@shared/snapshot.js';
import { callbackState } from '@shared/deadline-states.js';
import { endOfLocalDay } from './local-day.js';

export interface DeadlineBuckets {
  open: number;
  /** not yet due, due before the end of the site-local day */
  dueToday: number;
  overdue: number;
  /** callbacks only: fell due outside the callback window, waiting for it (N11) */
  waitingWindow: number;
}

export const EMPTY_BUCKETS: Readonly<DeadlineBuckets> = Object.freeze({ open: 0, dueToday: 0, overdue: 0, waitingWindow: 0 });

export function bucketCallbacks(callbacks: readonly Pick<CallbackLive, 'dueAt' | 'windowDueAt'>[], now: number, timeZone: string): DeadlineBuckets {
  const b = { ...EMPTY_BUCKETS, open: callbacks.length };
  const endOfToday = endOfLocalDay(now, timeZone);
  for (const cb of callbacks) {
    const s = callbackState(cb.dueAt, cb.windowDueAt, now, endOfToday);
    if (s === 'overdue') b.overdue++;
    else if (s === 'waiting_window') b.waitingWindow++;
    else if (s === 'due_today') b.dueToday++;
  }
  return b;
}

export function addBuckets(a: DeadlineBuckets, b: DeadlineBuckets): DeadlineBuckets {
  return { open: a.open + b.open, dueToday: a.dueToday + b.dueToday, overdue: a.overdue + b.overdue, waitingWindow: a.waitingWindow + b.waitingWindow };
}
