/**
 * A call's contribution (N1 rings, N2 connect time, N3 handling time, N4 callback promise,
 * N5–N7 outcomes, N8/N15 calls while the line is closed, service level) as a pure function
 * of the set of its events (and of the site's configuration).
 */
import type { CallEvent, CallOutcome } from '../../shared/events.js';
import type { CallbackLive, WaitingCall } from '../../shared/snapshot.js';
import { bucketOf } from '../../shared/buckets.js';
import { agentCounterField, queueCounterField, type QueueCounter } from '../../shared/counters.js';
import { isPastRingLimit } from '../../shared/ring-limit.js';
import { DerivedBuilder, type Derived } from './derived.js';
import { atMs, inLifecycleOrder } from './event-order.js';
import { hotlineHoursOf, isOpenAt, type Hours } from './site-hours.js';
import type { SiteNorms } from './sites.js';

/** What of the site a call's contribution depends on besides the norms: its hours (N8, N15). */
export interface CallSite {
  timeZone: string;
  hours: Hours;
  hotlineHours?: Hours | undefined;
}

/** N5–N7: the counter of each call outcome (shared/counters.ts) */
const OUTCOME_COUNTERS: Readonly<Record<CallOutcome, QueueCounter>> = {
  resolved: 'outcomeResolved',
  callback: 'outcomeCallback',
  redirected: 'redirected',
  refused_identification: 'refusedIdentification',
  terminated_abuse: 'terminatedAbuse',
};

/** queue name used for calls we never saw enter a queue */
export const NO_QUEUE = '~';

interface Ring {
  agentId: string;
  start?: number;
  end?: number;
  answered: boolean;
}

export interface CallFacts {
  callId: string;
  firstAt: number;
  queue?: string;
  line?: 'hotline' | 'direct';
  queuedAt?: number;
  rings: Ring[];
  answeredAt?: number;
  answeredBy?: string;
  connectedAt?: number;
  abandonedAt?: number;
  endedAt?: number;
  outcome?: CallOutcome;
  callbackDueAt?: number;
  callbackDoneAt?: number;
}

export function callFacts(events: readonly CallEvent[]): CallFacts {
  const sorted = inLifecycleOrder(events);
  const first = sorted[0];
  if (!first) throw new Error('callFacts needs at least one event');
  const f: CallFacts = { callId: first.callId, firstAt: atMs(first), rings: [] };
  const openRing = (agentId?: string) =>
    [...f.rings].reverse().find((r) => r.end === undefined && (agentId === undefined || r.agentId === agentId));
  for (const e of sorted) {
    const t = atMs(e);
    switch (e.type) {
      case 'call.queued':
        if (f.queuedAt === undefined) {
          f.queuedAt = t;
          f.queue = e.queue;
          f.line = e.line;
        }
        break;
      case 'call.offered': {
        const open = openRing();
        if (open?.agentId === e.agentId) break;
        if (open) open.end = t;
        f.rings.push({ agentId: e.agentId, start: t, answered: false });
        break;
      }
      case 'call.ring_no_answer': {
        const open = openRing(e.agentId);
        if (open) open.end = t;
        else f.rings.push({ agentId: e.agentId, end: t, answered: false });
        break;
      }
      case 'call.answered': {
        if (f.answeredAt !== undefined) break;
        f.answeredAt = t;
        f.answeredBy = e.agentId;
        const open = openRing(e.agentId) ?? openRing();
        if (open) {
          open.end = t;
          open.answered = true;
        }
        break;
      }
      case 'call.connected':
        f.connectedAt ??= t;
        break;
      case 'call.callback_promised':
        f.callbackDueAt = Date.parse(e.dueAt);
        break;
      case 'call.callback_completed':
        f.callbackDoneAt ??= t;
        break;
      case 'call.abandoned':
        f.abandonedAt ??= t;
        break;
      case 'call.ended':
        f.endedAt ??= t;
        f.outcome = e.outcome ?? f.outcome;
        break;
    }
  }
  // an answer wins over an abandon whatever order the sender stamped them in
  if (f.answeredAt !== undefined) f.abandonedAt = undefined;
  // rings still open when the call ended or was abandoned stopped then
  const stop = f.answeredAt ?? f.abandonedAt ?? f.endedAt;
  if (stop !== undefined) for (const r of f.rings) if (r.end === undefined && r.start !== undefined && r.start <= stop) r.end = stop;
  return f;
}

const span = (from: number, to: number) => Math.max(0, to - from);

/** N8/N15: whether the call came in while its line was closed (unknown line or site: no). */
export function cameWhileClosed(f: CallFacts, site: CallSite | undefined): boolean {
  if (!site || f.line === undefined) return false;
  const hours = f.line === 'hotline' ? hotlineHoursOf(site) : site.hours;
  return !isOpenAt(hours, f.queuedAt ?? f.firstAt, site.timeZone);
}

export function deriveCall(events: readonly CallEvent[], norms: SiteNorms, site?: CallSite): Derived {
  const f = callFacts(events);
  const d = new DerivedBuilder();
  const bucket = bucketOf(f.queuedAt ?? f.firstAt);
  const queue = f.queue ?? NO_QUEUE;
  const q = (counter: QueueCounter, by = 1) => d.count(bucket, queueCounterField(queue, counter), by);
  const entered = f.queuedAt ?? f.firstAt;

  if (f.queuedAt !== undefined) q('offered');
  if (f.line === 'hotline') q('hotline');
  const whileClosed = cameWhileClosed(f, site);
  if (whileClosed) q(f.line === 'hotline' ? 'hotlineWhileClosed' : 'directWhileClosed');
  if (f.answeredAt !== undefined) {
    q('answered');
    const answerRing = f.rings.find((r) => r.answered);
    // without an "offered" event the ring time is unknown; the standard cannot be shown broken
    const ringMs = answerRing?.start !== undefined ? span(answerRing.start, f.answeredAt) : 0;
    if (!isPastRingLimit(ringMs, norms)) q('answeredIn3Rings');
    // like the ring time: a call we never saw enter a queue cannot be shown late
    if (f.queuedAt === undefined || span(f.queuedAt, f.answeredAt) <= norms.serviceLevelSeconds * 1000) q('answeredInServiceLevel');
    if (f.queuedAt !== undefined) {
      q('waitSumMs', span(f.queuedAt, f.answeredAt));
      q('waitN');
    }
  }
  if (f.queuedAt !== undefined && (f.connectedAt ?? f.answeredAt) !== undefined) {
    q('connectSumMs', span(f.queuedAt, (f.connectedAt ?? f.answeredAt)!));
    q('connectN');
  }
  if (f.abandonedAt !== undefined) {
    q('abandoned');
    if (span(entered, f.abandonedAt) < norms.shortAbandonSeconds * 1000) q('abandonedShort');
  }
  if (f.endedAt !== undefined) q('ended');
  if (f.endedAt !== undefined && f.answeredAt !== undefined) {
    q('handleSumMs', span(f.answeredAt, f.endedAt));
    q('handleN');
  }
  if (f.outcome) q(OUTCOME_COUNTERS[f.outcome]);
  if (f.callbackDueAt !== undefined) q('callbacksPromised');
  for (const r of f.rings) {
    if (r.start === undefined || r.end === undefined || !isPastRingLimit(span(r.start, r.end), norms)) continue;
    q('ringsPast3');
    d.count(bucket, agentCounterField(r.agentId, 'ringsPast3'));
  }

  const open = f.answeredAt === undefined && f.abandonedAt === undefined && f.endedAt === undefined;
  if (open) {
    const ring = [...f.rings].reverse().find((r) => r.end === undefined && r.start !== undefined);
    const live: WaitingCall = {
      callId: f.callId,
      queue,
      state: ring ? 'ringing' : 'waiting',
      since: entered,
      ...(f.line ? { line: f.line } : {}),
      ...(whileClosed ? { outsideHours: true } : {}),
      ...(ring ? { ringStart: ring.start, agentId: ring.agentId } : {}),
    };
    d.show('calls', f.callId, live);
  }
  const callbackOpen = f.callbackDueAt !== undefined && f.callbackDoneAt === undefined;
  if (callbackOpen) {
    const cb: CallbackLive = { ref: `call:${f.callId}`, kind: 'call', dueAt: f.callbackDueAt!, queue };
    d.show('callbacks', cb.ref, cb);
  }
  return d.build(!open && !callbackOpen);
}
