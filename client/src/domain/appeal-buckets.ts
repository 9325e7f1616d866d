/**
 * N10 / N12: the appeal backlog (answering machine, mail, phone, online). Every open appeal
 * has a deadline (5 / 30 working days for answering-machine appeals, computed by the server);
 * the partition is the server's own (shared/deadline-states.ts), redone against the ticking clock.
 */
import type { AppealLive } from '@shared/snapshot.js';
import { appealDueState } from '@shared/deadline-states.js';
import { EMPTY_BUCKETS, type DeadlineBuckets } from './callback-buckets.js';
import { endOfLocalDay } from './local-day.js';

export function bucketAppeals(appeals: readonly Pick<AppealLive, 'dueAt'>[], now: number, timeZone: string): DeadlineBuckets {
  const b = { ...EMPTY_BUCKETS, open: appeals.length };
  const endOfToday = endOfLocalDay(now, timeZone);
  for (const a of appeals) {
    const s = appealDueState(a.dueAt, now, endOfToday);
    if (s === 'overdue') b.overdue++;
    else if (s === 'due_today') b.dueToday++;
  }
  return b;
}
