/**
 * A call's contribution (N1 rings, N2 connect time, N3 handling time, N4 callback promise,
 * N5–N7 outcomes, N8/N15 calls while the line is closed, service level) as a pure function
 * of the set of its events (and of the site's configuration).
 */
import type { AbandonReason, CallEvent, CallOutcome, LostCallOutcome } from '../../shared/events.js';
import type { CallbackLive, LostCallLive, WaitingCall } from '../../shared/snapshot.js';
import { LOST_CALL_MAX_ATTEMPTS } from '../../shared/lost-calls.js';
import { lostCallDueAt } from './lost-call-due.js';
import type { CallerRow } from './repeat-callers.js';
import { bucketOf, minuteOfBucket } from '../../shared/buckets.js';
import { agentCounterField, queueArrivalMinuteField, queueCounterField, queueVisitCounterField, type QueueCounter } from '../../shared/counters.js';
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
  reconciled: 'outcomeReconciled',
};

/** queue name used for calls we never saw enter a queue */
export const NO_QUEUE = '~';

interface Ring {
  agentId: string;
  start?: number;
  end?: number;
  answered: boolean;
  /** ended by the operator not answering (ring_no_answer) or by the PBX moving the call on to another operator */
  missed?: true;
}

/**
 * One stay of the call in one queue, from its `call.queued` to the next queue's: a caller
 * blind-transferred into another queue keeps its call id and makes a second visit. Each visit
 * counts in its own queue (the PBX's per-queue view); the call counts once for the site.
 */
export interface CallVisit {
  queue?: string;
  line?: 'hotline' | 'direct';
  queuedAt?: number;
  rings: Ring[];
  answeredAt?: number;
  answeredBy?: string;
  connectedAt?: number;
  abandonedAt?: number;
  abandonReason?: AbandonReason;
  endedAt?: number;
  outcome?: CallOutcome;
  /** closed by a source that found the call gone after it was away (outcome `reconciled`) */
  reconciledAt?: number;
}

/**
 * The call as a whole: the visit fields here describe the call, not one visit — queue, line and
 * entry are the first visit's; rings are every visit's; `answeredAt`/`endedAt` the first of any
 * visit; `abandonedAt` set when it was never answered and the last visit was abandoned.
 */
export interface CallFacts extends Omit<CallVisit, 'reconciledAt'> {
  callId: string;
  firstAt: number;
  callbackDueAt?: number;
  callbackDoneAt?: number;
  visits: CallVisit[];
  /** issue 16: the caller's number and account, from the first event that carries each (personal data) */
  phone?: string;
  account?: string;
  /** issue 16: unanswered call-back attempts of the lost caller */
  lostAttempts: number;
  /** issue 16: what closed the lost-call entry and when: the first `reached`/`no_number`, or the last allowed `not_reached` */
  lostClosed?: { at: number; outcome: LostCallOutcome };
}

/** how far apart two sources may stamp the same queue entry (whole-second queue_log vs AMI, an adopted wait) */
const ALIGN_MS = 5000;

/** a visit's events before they are folded */
interface VisitGroup {
  queue?: string;
  queuedAt?: number;
  events: CallEvent[];
}

/**
 * One source's events (in its order) cut into visits: a `call.queued` starts a new visit when
 * the current one has its queue and either another queue is named or the visit has had its
 * outcome; the same queue reported again while waiting is the same visit.
 */
const answeredIn = (v: VisitGroup) => v.events.some((e) => e.type === 'call.answered');
const endedIn = (v: VisitGroup) => v.events.some((e) => e.type === 'call.ended' || e.type === 'call.abandoned');

function splitVisits(sorted: readonly CallEvent[]): VisitGroup[] {
  const visits: VisitGroup[] = [{ events: [] }];
  let over = false;
  for (const e of sorted) {
    let v = visits.at(-1)!;
    if (e.type === 'call.queued') {
      if (v.queuedAt !== undefined && (v.queue !== e.queue || over)) {
        v = { events: [] };
        visits.push(v);
        over = false;
      }
      if (v.queuedAt === undefined) {
        v.queuedAt = atMs(e);
        v.queue = e.queue;
      }
    } else if (e.type === 'call.ended' && e.outcome === 'redirected' && !answeredIn(v)) {
      // a transfer's end logged after the next queue's entry (Asterisk may write the new queue's
      // ENTERQUEUE before the old one's BLINDTRANSFER, in the same second): it ends the visit that
      // was being talked in, not the one the caller has just entered
      const talking = [...visits].reverse().find((x) => x !== v && answeredIn(x) && !endedIn(x));
      if (talking) {
        talking.events.push(e);
        continue;
      }
      over = true;
    } else if (e.type === 'call.answered' || e.type === 'call.abandoned' || e.type === 'call.ended') over = true;
    v.events.push(e);
  }
  return visits;
}

/**
 * The visits of a call reported by several sources (an AMI feed, then the queue_log imported
 * for a gap): each source is cut into visits by its own order, and the visits of the others are
 * matched to those of the source that saw most (same queue, entered within ALIGN_MS), so that a
 * step one source stamps a fraction of a second later than the other stays in its visit.
 */
function visitGroups(sorted: readonly CallEvent[]): VisitGroup[] {
  const bySource = new Map<string, CallEvent[]>();
  for (const e of sorted) {
    const k = e.source ?? '';
    const list = bySource.get(k);
    if (list) list.push(e);
    else bySource.set(k, [e]);
  }
  if (bySource.size === 1) return splitVisits(sorted);
  const splits = [...bySource].map(([source, list]) => ({ source, visits: splitVisits(list) }));
  const firstEntry = (v: VisitGroup[]) => v.find((x) => x.queuedAt !== undefined)?.queuedAt ?? Infinity;
  splits.sort((a, b) => b.visits.length - a.visits.length || firstEntry(a.visits) - firstEntry(b.visits) || (a.source < b.source ? -1 : 1));
  const merged: VisitGroup[] = splits[0]!.visits.map((v) => ({ ...v, events: [...v.events] }));
  for (const { visits } of splits.slice(1)) {
    let cursor = 0;
    for (const w of visits) {
      const wq = w.queuedAt;
      if (wq === undefined) {
        merged[0]!.events.push(...w.events);
        continue;
      }
      let j = cursor;
      while (j < merged.length && !(merged[j]!.queue === w.queue && merged[j]!.queuedAt !== undefined && Math.abs(merged[j]!.queuedAt! - wq) <= ALIGN_MS)) j += 1;
      if (j < merged.length) {
        merged[j]!.events.push(...w.events);
        merged[j]!.queuedAt = Math.min(merged[j]!.queuedAt!, wq);
        cursor = j + 1;
      } else {
        // a visit only this source saw (the other was away): in its place in time
        const at = merged.findIndex((m) => m.queuedAt !== undefined && m.queuedAt > wq);
        merged.splice(at < 0 ? merged.length : at, 0, { ...w, events: [...w.events] });
        cursor = (at < 0 ? merged.length - 1 : at) + 1;
      }
    }
  }
  for (const m of merged) m.events = inLifecycleOrder(m.events);
  return merged;
}

export function callFacts(events: readonly CallEvent[]): CallFacts {
  const sorted = inLifecycleOrder(events);
  const first = sorted[0];
  if (!first) throw new Error('callFacts needs at least one event');
  const f: CallFacts = { callId: first.callId, firstAt: atMs(first), rings: [], visits: [], lostAttempts: 0 };
  // in lifecycle order, which is a function of the set of events: the same events give the same caller and closing
  for (const e of sorted) {
    if (f.phone === undefined && e.client?.phone) f.phone = e.client.phone;
    if (f.account === undefined && e.client?.account) f.account = e.client.account;
    if (e.type !== 'call.lost_called_back') continue;
    if (e.outcome === 'not_reached') f.lostAttempts += 1;
    if (!f.lostClosed && (e.outcome !== 'not_reached' || f.lostAttempts >= LOST_CALL_MAX_ATTEMPTS)) f.lostClosed = { at: atMs(e), outcome: e.outcome };
  }
  for (const group of visitGroups(sorted)) {
    const v: CallVisit = { rings: [] };
    f.visits.push(v);
    const openRing = (agentId?: string) => [...v.rings].reverse().find((r) => r.end === undefined && (agentId === undefined || r.agentId === agentId));
    for (const e of group.events) {
      const t = atMs(e);
      switch (e.type) {
        case 'call.queued':
          // the first report of the entry fixes the visit's queue, line and time
          if (v.queuedAt === undefined) {
            v.queuedAt = t;
            v.queue = e.queue;
            v.line = e.line;
          }
          break;
        case 'call.offered': {
          const open = openRing();
          if (open?.agentId === e.agentId) break;
          if (open) {
            open.end = t;
            open.missed = true;
          }
          v.rings.push({ agentId: e.agentId, start: t, answered: false });
          break;
        }
        case 'call.ring_no_answer': {
          const open = openRing(e.agentId);
          if (open) Object.assign(open, { end: t, missed: true });
          else v.rings.push({ agentId: e.agentId, end: t, answered: false, missed: true });
          break;
        }
        case 'call.answered': {
          if (v.answeredAt !== undefined) break;
          v.answeredAt = t;
          v.answeredBy = e.agentId;
          const open = openRing(e.agentId) ?? openRing();
          if (open) {
            open.end = t;
            open.answered = true;
          }
          break;
        }
        case 'call.connected':
          v.connectedAt ??= t;
          break;
        case 'call.callback_promised':
          f.callbackDueAt = Date.parse(e.dueAt);
          break;
        case 'call.callback_completed':
          f.callbackDoneAt ??= t;
          break;
        case 'call.abandoned':
          if (v.abandonedAt === undefined) {
            v.abandonedAt = t;
            if (e.reason) v.abandonReason = e.reason;
          }
          break;
        case 'call.ended':
          if (e.outcome === 'reconciled') v.reconciledAt ??= t;
          else {
            v.endedAt ??= t;
            v.outcome = e.outcome ?? v.outcome;
          }
          break;
      }
    }
  }
  f.visits.forEach((visit, i) => {
    // an answer wins over an abandon whatever order the sender stamped them in
    if (visit.answeredAt !== undefined) {
      visit.abandonedAt = undefined;
      visit.abandonReason = undefined;
    }
    // a reconciliation only closes what nothing real has closed
    if (visit.abandonedAt !== undefined || visit.endedAt !== undefined) visit.reconciledAt = undefined;
    // rings still open when the visit ended, was abandoned or moved on stopped then
    const stop = visit.answeredAt ?? visit.abandonedAt ?? visit.endedAt ?? visit.reconciledAt ?? f.visits[i + 1]?.queuedAt;
    if (stop !== undefined) for (const r of visit.rings) if (r.end === undefined && r.start !== undefined && r.start <= stop) r.end = stop;
    f.rings.push(...visit.rings);
  });
  const v0 = f.visits[0]!;
  const last = f.visits.at(-1)!;
  if (v0.queuedAt !== undefined) Object.assign(f, { queue: v0.queue, line: v0.line, queuedAt: v0.queuedAt });
  const answered = f.visits.find((x) => x.answeredAt !== undefined);
  if (answered) Object.assign(f, { answeredAt: answered.answeredAt, answeredBy: answered.answeredBy });
  const connected = f.visits.find((x) => x.connectedAt !== undefined);
  if (connected) f.connectedAt = connected.connectedAt;
  if (!answered && last.abandonedAt !== undefined) {
    f.abandonedAt = last.abandonedAt;
    if (last.abandonReason) f.abandonReason = last.abandonReason;
  }
  const ended = f.visits.filter((x) => x.endedAt !== undefined);
  if (ended.length) f.endedAt = Math.min(...ended.map((x) => x.endedAt!));
  const outcome = [...f.visits].reverse().find((x) => x.outcome !== undefined)?.outcome;
  if (outcome) f.outcome = outcome;
  return f;
}

const span = (from: number, to: number) => Math.max(0, to - from);
/**
 * A wait against a threshold in whole seconds of the clock, as a PBX measures it (Asterisk's
 * holdtime is the second of the answer minus the second of the entry): the same call is then
 * within the service level whether a feed stamps it to the millisecond (AMI) or the second
 * (queue_log).
 */
const waitSeconds = (from: number, to: number) => Math.max(0, Math.floor(to / 1000) - Math.floor(from / 1000));

/** N8/N15: whether the call (or one visit of it) came in while its line was closed (unknown line or site: no). */
export function cameWhileClosed(f: { line?: 'hotline' | 'direct' | undefined; queuedAt?: number | undefined; firstAt?: number }, site: CallSite | undefined, firstAt = f.firstAt ?? 0): boolean {
  if (!site || f.line === undefined) return false;
  const hours = f.line === 'hotline' ? hotlineHoursOf(site) : site.hours;
  return !isOpenAt(hours, f.queuedAt ?? firstAt, site.timeZone);
}

type Tally = Map<QueueCounter, number>;
const bump = (t: Tally, metric: QueueCounter, by = 1) => {
  if (by !== 0) t.set(metric, (t.get(metric) ?? 0) + by);
};

interface Rules {
  norms: SiteNorms;
  site: CallSite | undefined;
  firstAt: number;
}

function ringsPast(t: Tally, rings: readonly Ring[], norms: SiteNorms): void {
  for (const ring of rings) if (ring.start !== undefined && ring.end !== undefined && isPastRingLimit(span(ring.start, ring.end), norms)) bump(t, 'ringsPast3');
}

function answerFigures(t: Tally, queuedAt: number | undefined, answeredAt: number, answerRing: Ring | undefined, r: Rules): void {
  bump(t, 'answered');
  // without an "offered" event the ring time is unknown; the standard cannot be shown broken
  const ringMs = answerRing?.start !== undefined ? span(answerRing.start, answeredAt) : 0;
  if (!isPastRingLimit(ringMs, r.norms)) bump(t, 'answeredIn3Rings');
  // like the ring time: a call we never saw enter a queue cannot be shown late
  if (queuedAt === undefined || waitSeconds(queuedAt, answeredAt) <= r.norms.serviceLevelSeconds) bump(t, 'answeredInServiceLevel');
  if (queuedAt !== undefined) {
    bump(t, 'waitSumMs', span(queuedAt, answeredAt));
    bump(t, 'waitN');
  }
}

function lostFigures(t: Tally, entered: number, abandonedAt: number, reason: AbandonReason | undefined, r: Rules): void {
  bump(t, 'abandoned');
  bump(t, 'abandonWaitSumMs', span(entered, abandonedAt));
  if (waitSeconds(entered, abandonedAt) < r.norms.shortAbandonSeconds) bump(t, 'abandonedShort');
  if (reason === 'timeout') bump(t, 'timedOut');
}

/** one visit as its queue sees it (the PBX's per-queue view) */
function visitTally(v: CallVisit, r: Rules): Tally {
  const t: Tally = new Map();
  if (v.queuedAt !== undefined) bump(t, 'offered');
  if (v.line === 'hotline') bump(t, 'hotline');
  if (cameWhileClosed(v, r.site, r.firstAt)) bump(t, v.line === 'hotline' ? 'hotlineWhileClosed' : 'directWhileClosed');
  if (v.answeredAt !== undefined) answerFigures(t, v.queuedAt, v.answeredAt, v.rings.find((x) => x.answered), r);
  if (v.queuedAt !== undefined && (v.connectedAt ?? v.answeredAt) !== undefined) {
    bump(t, 'connectSumMs', span(v.queuedAt, (v.connectedAt ?? v.answeredAt)!));
    bump(t, 'connectN');
  }
  if (v.abandonedAt !== undefined) lostFigures(t, v.queuedAt ?? r.firstAt, v.abandonedAt, v.abandonReason, r);
  if (v.endedAt !== undefined) bump(t, 'ended');
  if (v.endedAt !== undefined && v.answeredAt !== undefined) {
    bump(t, 'handleSumMs', span(v.answeredAt, v.endedAt));
    bump(t, 'handleN');
  }
  if (v.outcome) bump(t, OUTCOME_COUNTERS[v.outcome]);
  if (v.reconciledAt !== undefined) bump(t, 'outcomeReconciled');
  ringsPast(t, v.rings, r.norms);
  return t;
}

/** the call once, as the caller lived it: the site's view */
function callTally(f: CallFacts, r: Rules): Tally {
  const t: Tally = new Map();
  const v0 = f.visits[0]!;
  if (f.queuedAt !== undefined) bump(t, 'offered');
  if (f.line === 'hotline') bump(t, 'hotline');
  if (cameWhileClosed(v0, r.site, r.firstAt)) bump(t, f.line === 'hotline' ? 'hotlineWhileClosed' : 'directWhileClosed');
  if (f.answeredAt !== undefined) answerFigures(t, f.queuedAt, f.answeredAt, f.visits.find((x) => x.answeredAt !== undefined)!.rings.find((x) => x.answered), r);
  if (f.queuedAt !== undefined && (f.connectedAt ?? f.answeredAt) !== undefined) {
    bump(t, 'connectSumMs', span(f.queuedAt, (f.connectedAt ?? f.answeredAt)!));
    bump(t, 'connectN');
  }
  if (f.abandonedAt !== undefined) lostFigures(t, f.queuedAt ?? f.firstAt, f.abandonedAt, f.abandonReason, r);
  if (f.endedAt !== undefined) bump(t, 'ended');
  // handling time: every conversation of the call (answered → ended of each visit)
  const talks = f.visits.filter((x) => x.answeredAt !== undefined && x.endedAt !== undefined);
  if (talks.length) {
    bump(t, 'handleSumMs', talks.reduce((sum, x) => sum + span(x.answeredAt!, x.endedAt!), 0));
    bump(t, 'handleN');
  }
  // each outcome once: transferred in one queue and resolved in the next is one redirected call
  for (const o of new Set(f.visits.map((x) => x.outcome))) if (o) bump(t, OUTCOME_COUNTERS[o]);
  // closed because the PBX no longer had it when a feed came back: neither served nor lost, but counted
  if (f.visits.at(-1)!.reconciledAt !== undefined) bump(t, 'outcomeReconciled');
  ringsPast(t, f.rings, r.norms);
  return t;
}

export function deriveCall(events: readonly CallEvent[], norms: SiteNorms, site?: CallSite): Derived {
  const f = callFacts(events);
  const d = new DerivedBuilder();
  const r: Rules = { norms, site, firstAt: f.firstAt };
  const bucket = bucketOf(f.queuedAt ?? f.firstAt);
  const queue = f.queue ?? NO_QUEUE;

  // the call counts once, in the interval and queue it began in (`q|…`, summed for the site);
  const call = callTally(f, r);
  for (const [counter, by] of call) d.count(bucket, queueCounterField(queue, counter), by);
  if (f.callbackDueAt !== undefined) d.count(bucket, queueCounterField(queue, 'callbacksPromised'));
  // per operator (the operator board): rings past the limit, rings let go, the answer
  for (const ring of f.rings) if (ring.start !== undefined && ring.end !== undefined && isPastRingLimit(span(ring.start, ring.end), norms)) d.count(bucket, agentCounterField(ring.agentId, 'ringsPast3'));
  for (const ring of f.rings) if (ring.missed && !ring.answered) d.count(bucket, agentCounterField(ring.agentId, 'ringsMissed'));
  if (f.answeredBy !== undefined) d.count(bucket, agentCounterField(f.answeredBy, 'answered'));
  // issue 17, the operator report: every ring offered, and each conversation by the operator who had it
  for (const ring of f.rings) d.count(bucket, agentCounterField(ring.agentId, 'ringsOffered'));
  for (const v of f.visits) {
    if (v.answeredBy === undefined || v.answeredAt === undefined || v.endedAt === undefined) continue;
    d.count(bucket, agentCounterField(v.answeredBy, 'talkSumMs'), span(v.answeredAt, v.endedAt));
    d.count(bucket, agentCounterField(v.answeredBy, 'talkN'));
  }
  // … and the lost caller's call-backs by who made them, when made (`no_number` is no call)
  for (const e of events) {
    if (e.type !== 'call.lost_called_back' || e.outcome === 'no_number') continue;
    d.count(bucketOf(atMs(e)), agentCounterField(e.actor, 'lostCallBacks'));
    if (e.outcome === 'reached') d.count(bucketOf(atMs(e)), agentCounterField(e.actor, 'lostCallBacksReached'));
  }
  // each visit's entry to the minute, for the surge alarm (shared/counters.ts queueArrivalMinuteField)
  for (const v of f.visits) if (v.queuedAt !== undefined) d.count(bucketOf(v.queuedAt), queueArrivalMinuteField(v.queue ?? NO_QUEUE, minuteOfBucket(v.queuedAt)));
  // … and each queue it visited sees its own visit: `qv|…` turns the call's figures into the
  // visits' figures for the queues only (zero for a call that stayed in one queue)
  if (f.visits.length > 1) {
    const fix = new Map<string, { bucket: number; field: string; by: number }>();
    const move = (b: number, q: string, t: Tally, sign: number) => {
      for (const [counter, by] of t) {
        const field = queueVisitCounterField(q, counter);
        const at = fix.get(`${b}|${field}`) ?? { bucket: b, field, by: 0 };
        at.by += sign * by;
        fix.set(`${b}|${field}`, at);
      }
    };
    move(bucket, queue, call, -1);
    for (const v of f.visits) move(bucketOf(v.queuedAt ?? f.firstAt), v.queue ?? NO_QUEUE, visitTally(v, r), 1);
    for (const { bucket: b, field, by } of fix.values()) d.count(b, field, by);
  }

  const last = f.visits.at(-1)!;
  const open = last.answeredAt === undefined && last.abandonedAt === undefined && last.endedAt === undefined && last.reconciledAt === undefined;
  if (open) {
    const ring = [...last.rings].reverse().find((x) => x.end === undefined && x.start !== undefined);
    const whileClosed = cameWhileClosed(last, site, f.firstAt);
    const live: WaitingCall = {
      callId: f.callId,
      queue: last.queue ?? NO_QUEUE,
      state: ring ? 'ringing' : 'waiting',
      since: last.queuedAt ?? f.firstAt,
      ...(last.line ? { line: last.line } : {}),
      ...(whileClosed ? { outsideHours: true } : {}),
      ...(ring ? { ringStart: ring.start, agentId: ring.agentId } : {}),
    };
    d.show('calls', f.callId, live);
  }
  lostCall(d, f, r, bucket, queue);
  // issue 16: who called, for repeat callers (the row's field is the call id; the number only in its value)
  if (f.phone || f.account) {
    const row: CallerRow = { callId: f.callId, queue, at: f.queuedAt ?? f.firstAt, ...(f.phone ? { phone: f.phone } : {}), ...(f.account ? { account: f.account } : {}), ...(f.answeredAt !== undefined ? { answered: true as const } : {}) };
    d.show('callers', f.callId, row);
  }
  const callbackOpen = f.callbackDueAt !== undefined && f.callbackDoneAt === undefined;
  if (callbackOpen) {
    const cb: CallbackLive = { ref: `call:${f.callId}`, kind: 'call', dueAt: f.callbackDueAt!, queue };
    d.show('callbacks', cb.ref, cb);
  }
  return d.build(!open && !callbackOpen);
}

/**
 * Issue 16: a caller lost after waiting at least `shortAbandonSeconds` (never answered, last visit
 * abandoned) is a lost call to call back, counted with the call (its first queue and interval)
 * and shown in `lostCalls` until a `call.lost_called_back` closes it. It does not keep the call's
 * record open: the entry leaves the list after LOST_CALL_KEEP_MS (server/domain/site-state.ts),
 * within the record's own lifetime.
 */
function lostCall(d: DerivedBuilder, f: CallFacts, r: Rules, bucket: number, queue: string): void {
  if (f.abandonedAt === undefined) return;
  const entered = f.queuedAt ?? f.firstAt;
  const waited = waitSeconds(entered, f.abandonedAt);
  if (waited < r.norms.shortAbandonSeconds) return;
  const count = (name: 'lostCalls' | 'lostCalledBack' | 'lostCalledBackInTarget' | 'lostNotReached' | 'lostNoNumber' | 'lostAttempts', by = 1) => d.count(bucket, queueCounterField(queue, name), by);
  count('lostCalls');
  count('lostAttempts', f.lostAttempts);
  const closed = f.lostClosed;
  if (closed) {
    if (closed.outcome === 'reached') {
      count('lostCalledBack');
      const dueAt = r.site && lostCallDueAt(r.norms.callbackWindow, r.norms.lostCallTargetMinutes, f.abandonedAt, r.site.timeZone);
      if (dueAt !== undefined && closed.at <= dueAt) count('lostCalledBackInTarget');
    } else count(closed.outcome === 'no_number' ? 'lostNoNumber' : 'lostNotReached');
    return;
  }
  const client = { ...(f.phone ? { phone: f.phone } : {}), ...(f.account ? { account: f.account } : {}) };
  const live: LostCallLive = {
    callId: f.callId,
    queue,
    abandonedAt: f.abandonedAt,
    waitedSec: waited,
    attempts: f.lostAttempts,
    ...(client.phone || client.account ? { client } : {}),
  };
  d.show('lostCalls', f.callId, live);
}
