/**
 * N10 / N12: the appeal backlog (answering machine, mail, phone, online). Every open appeal
 * has a deadline (5 / 30 working days for answering-machine appeals, computed by the
 * server). Same partition as the server's `appealDueState` (server/domain/appeal-fold.ts),
 * redone against the ticking clock: overdue once `dueAt` < now; else due today if `dueAt`
 * is on the site-local day of `now`; else later.
 */
import type { AppealLive } from '@shared/snapshot.js';
import { EMPTY_BUCKETS, isSameLocalDayAs, type DeadlineBuckets } from './callback-buckets.js';

export type AppealDueState = 'overdue' | 'due_today' | 'later';

export function appealDueState(a: Pick<AppealLive, 'dueAt'>, now: number, timeZone: string): AppealDueState {
  if (a.dueAt < now) return 'overdue';
  return isSameLocalDayAs(a.dueAt, now, timeZone) ? 'due_today' : 'later';
}

export function bucketAppeals(appeals: readonly Pick<AppealLive, 'dueAt'>[], now: number, timeZone: string): DeadlineBuckets {
  const b = { ...EMPTY_BUCKETS, open: appeals.length };
  for (const a of appeals) {
    const s = appealDueState(a, now, timeZone);
    if (s === 'overdue') b.overdue++;
    else if (s === 'due_today') b.dueToday++;
  }
  return b;
}
