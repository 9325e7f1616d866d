/**
 * An appeal's contribution (N9 rejections, N10 deadlines, N11 return calls, N12 lifecycle,
 * N14 channels) as a pure function of the set of its events.
 */
import { DateTime } from 'luxon';
import type { AppealEvent, AppealChannel, ClientTypeName, RejectReason } from '../../shared/events.js';
import type { AppealLive, CallbackLive } from '../../shared/snapshot.js';
import { bucketOf } from '../../shared/buckets.js';
import { appealCounterField, type AppealCounter } from '../../shared/counters.js';
import { appealDueState } from '../../shared/deadline-states.js';
import { DerivedBuilder, type Derived } from './derived.js';
import { atMs, inLifecycleOrder } from './event-order.js';
import type { SiteNorms } from './sites.js';
import { appealDueAt } from './working-days.js';
import type { AppealState } from '../../shared/appeals.js';

export interface AppealFacts {
  appealId: string;
  firstAt: number;
  registeredAt?: number;
  channel?: AppealChannel;
  clientType?: ClientTypeName;
  replyVia?: 'phone' | 'address';
  explicitDueAt?: number;
  callbackDueAt?: number;
  callbackAttempts: number;
  callbackReachedAt?: number;
  answeredAt?: number;
  rejectedAt?: number;
  rejectReason?: RejectReason;
}

export function appealFacts(events: readonly AppealEvent[]): AppealFacts {
  const sorted = inLifecycleOrder(events);
  const first = sorted[0];
  if (!first) throw new Error('appealFacts needs at least one event');
  const f: AppealFacts = { appealId: first.appealId, firstAt: atMs(first), callbackAttempts: 0 };
  for (const e of sorted) {
    const t = atMs(e);
    switch (e.type) {
      case 'appeal.registered':
        if (f.registeredAt !== undefined) break;
        f.registeredAt = t;
        f.channel = e.channel;
        f.clientType = e.clientType;
        f.replyVia = e.replyVia;
        if (e.dueAt) f.explicitDueAt = Date.parse(e.dueAt);
        break;
      case 'appeal.callback_scheduled':
        f.callbackDueAt = Date.parse(e.dueAt);
        f.callbackReachedAt = undefined;
        break;
      case 'appeal.callback_attempted':
        f.callbackAttempts += 1;
        if (e.reached) f.callbackReachedAt ??= t;
        break;
      case 'appeal.answered':
        f.answeredAt ??= t;
        break;
      case 'appeal.rejected':
        if (f.rejectedAt === undefined) {
          f.rejectedAt = t;
          f.rejectReason = e.reason;
        }
        break;
    }
  }
  return f;
}

/** N10: explicit dueAt, else 5 working days for a reply by phone, 30 by address. */
export function appealDeadline(f: AppealFacts, norms: SiteNorms, timeZone: string): number | undefined {
  if (f.explicitDueAt !== undefined) return f.explicitDueAt;
  if (f.registeredAt === undefined) return undefined;
  const days = f.replyVia === 'address' ? norms.replyByAddressWorkingDays : norms.replyByPhoneWorkingDays;
  return appealDueAt(f.registeredAt, days, timeZone);
}

export function deriveAppeal(events: readonly AppealEvent[], norms: SiteNorms, timeZone: string): Derived {
  const f = appealFacts(events);
  const d = new DerivedBuilder();
  const bucket = bucketOf(f.registeredAt ?? f.firstAt);
  const a = (counter: AppealCounter, by = 1, key?: string) => d.count(bucket, appealCounterField(counter, key), by);
  // an outcome counts when it happened ("answered today", "rejected today"), not when the appeal came in
  const atClose = (at: number, counter: AppealCounter, key?: string) => d.count(bucketOf(at), appealCounterField(counter, key));
  const dueAt = appealDeadline(f, norms, timeZone);
  const closedAt = f.answeredAt ?? f.rejectedAt;

  const late = f.answeredAt !== undefined && dueAt !== undefined && f.answeredAt > dueAt;
  if (f.registeredAt !== undefined) {
    const channel = `${f.channel}:${f.clientType}`;
    a('appealsRegistered');
    a('appealsByChannel', 1, channel);
    // the appeals report: the fate of the interval's registrations, in the interval they were registered in
    if (f.answeredAt !== undefined) {
      a('appealsAnsweredByChannel', 1, channel);
      if (late) a('appealsLateByChannel', 1, channel);
      a('appealsAnswerMsByChannel', Math.max(0, f.answeredAt - f.registeredAt), channel);
    } else if (f.rejectedAt !== undefined) a('appealsRejectedByChannel', 1, `${channel}:${f.rejectReason}`);
  }
  if (f.answeredAt !== undefined) {
    atClose(f.answeredAt, 'appealsAnswered');
    if (late) atClose(f.answeredAt, 'appealsAnsweredLate');
  } else if (f.rejectedAt !== undefined) {
    atClose(f.rejectedAt, 'appealsRejected', f.rejectReason);
  }
  a('cbAttempts', f.callbackAttempts);
  if (f.callbackReachedAt !== undefined) a('cbReached');

  if (closedAt === undefined && f.registeredAt !== undefined && dueAt !== undefined) {
    const live: AppealLive = { appealId: f.appealId, channel: f.channel!, clientType: f.clientType!, registeredAt: f.registeredAt, dueAt };
    d.show('appeals', f.appealId, live);
  }
  const callbackOpen = closedAt === undefined && f.callbackDueAt !== undefined && f.callbackReachedAt === undefined;
  if (callbackOpen) {
    const cb: CallbackLive = { ref: `appeal:${f.appealId}`, kind: 'appeal', dueAt: f.callbackDueAt! };
    d.show('callbacks', cb.ref, cb);
  }
  return d.build(closedAt !== undefined);
}

/** N10/N12: where an appeal stands at `now`. */
/** the states an appeal's view can be in: the contract's vocabulary (shared/appeals.ts) */
export type { AppealState };

export interface AppealView {
  facts: AppealFacts;
  /** N10 deadline (explicit, or in working days from registration); undefined before registration */
  dueAt?: number;
  dueAtSource?: 'explicit' | 'working_days';
  /** the working days applied when the deadline was computed */
  workingDays?: number;
  state: AppealState;
}

export function appealView(events: readonly AppealEvent[], norms: SiteNorms, timeZone: string, now: number): AppealView {
  const f = appealFacts(events);
  const dueAt = appealDeadline(f, norms, timeZone);
  const source = f.explicitDueAt !== undefined ? 'explicit' : dueAt !== undefined ? 'working_days' : undefined;
  const workingDays = source === 'working_days' ? (f.replyVia === 'address' ? norms.replyByAddressWorkingDays : norms.replyByPhoneWorkingDays) : undefined;
  let state: AppealState;
  if (f.answeredAt !== undefined) state = dueAt !== undefined && f.answeredAt > dueAt ? 'answered_late' : 'answered';
  else if (f.rejectedAt !== undefined) state = 'rejected';
  else if (f.registeredAt === undefined || dueAt === undefined) state = 'unregistered';
  else {
    const due = appealDueState(dueAt, now, DateTime.fromMillis(now, { zone: timeZone }).endOf('day').toMillis());
    state = due === 'later' ? 'open' : due;
  }
  return {
    facts: f,
    ...(dueAt !== undefined ? { dueAt } : {}),
    ...(source ? { dueAtSource: source } : {}),
    ...(workingDays !== undefined ? { workingDays } : {}),
    state,
  };
}
