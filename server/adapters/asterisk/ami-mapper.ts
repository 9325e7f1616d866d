/**
 * AMI queue events → contract events. Pure apart from memories: agents' queues and last
 * reported state (so one QueueMemberStatus per queue does not repeat the same state), and the
 * calls in progress — which queue each is in, who answered it on which member channel, whether
 * it left the queue without being answered — so that an event lacking a field still finds its
 * call, and a call is never left open because one event was short of a field.
 *
 * Calls are keyed by the caller channel's Uniqueid, the same id queue_log uses, so both
 * adapters name a call alike; a member is named by its interface (`Local/1001@agents/n` →
 * `1001`) whatever name the event gives, so both feeds name an operator alike. Times come from
 * the `Timestamp` header when manager.conf has `timestampevents = yes`, otherwise from the
 * moment the message arrived. Every event carries `sourceSeq`, the arrival order, so events of
 * the same millisecond fold in the order Asterisk sent them. Mapping table: docs/asterisk.md.
 */
import type { AbandonReason, AgentStateName, ObzorEvent } from '../../../shared/events.js';
import type { AmiMessage } from './ami-framing.js';
import { AgentMemory } from './agent-memory.js';
import { callIdOf, memberIdOf, queueIdOf } from './entity-ids.js';
import { buildEvents, type Draft, type Drafted } from './event-drafts.js';
import type { MemberDirectory } from './member-directory.js';
import type { QueueLogMapperOptions } from './queue-log-mapper.js';

export interface AmiMapperOptions extends QueueLogMapperOptions {
  /**
   * A caller who leaves the queue (QueueCallerLeave) with no AgentConnect, no reason
   * (QUEUESTATUS) and no further dialplan step of the caller's channel within this time is
   * counted abandoned at the moment they left. Only an AMI user without the `dialplan` class
   * needs it: otherwise the caller's next step (the exit context of an exit key, a hang-up)
   * settles the leave at once. Default 30 000 ms.
   */
  leaveGraceMs?: number;
  /**
   * QueueCallerAbandon is raised for hang-ups, timeouts, exit-empty and withdrawals alike; the
   * reason follows (VarSet QUEUESTATUS) or the caller's channel moves on. Without either within
   * this time it is a hang-up. Default 2000 ms.
   */
  abandonGraceMs?: number;
  /** member name ↔ interface pairs, learned here and shared with the site's other feeds */
  members?: MemberDirectory;
}

export interface AmiMapResult {
  events: ObzorEvent[];
  /** not a queue event Obzor uses */
  ignored?: boolean;
  /** the message maps to an event the contract rejects, or lacks what would find its call (reason) */
  error?: string;
}

/** something that happened to a waiting call whose meaning a later message tells */
interface Pending {
  atMs: number;
  /** arrival time (the clock `tick` is given) */
  seenAtMs: number;
  seq: number;
  /** the message it came from, for stable ids */
  base: string;
}

interface CallMemory {
  /** the current visit's queue (Obzor id) */
  queue?: string;
  answered: boolean;
  /** the current visit has its outcome (ended, abandoned, withdrawn) */
  over: boolean;
  agentId?: string;
  memberUid?: string;
  /** a leave not yet explained by an answer, an abandon or a reason */
  left?: Pending;
  /** QueueCallerAbandon whose reason is not yet known */
  abandon?: Pending;
  /** a digit the caller pressed while waiting */
  digit?: string;
  bridgeLeftAtMs?: number;
  /**
   * the visit before this one, still in conversation when the caller entered this visit's
   * queue: Asterisk publishes a blind transfer's AgentComplete and the caller's next
   * QueueCallerJoin on different threads, a millisecond apart and in either order
   */
  talked?: { queue: string; agentId?: string };
}

/** what outlives an Obzor restart of a call in progress (server/feeds keeps it in Redis) */
export interface RememberedCall {
  queue?: string;
  answered: boolean;
  agentId?: string;
  memberUid?: string;
}

/** the PBX's own state, from QueueStatus (and CoreShowChannels), at one moment */
export interface PbxState {
  atMs: number;
  /** QueueEntry: callers waiting now */
  entries: { uniqueId: string; queue: string; waitSec: number }[];
  /** QueueMember: one per member and queue */
  members: { iface: string; name?: string; queue: string; paused: boolean; status: number; inCall: boolean }[];
  /** every queue the PBX has (QueueParams) */
  queues: string[];
  /** Uniqueids of the channels up now (CoreShowChannels); absent if not known */
  channels?: ReadonlySet<string>;
}

/** what Obzor shows of this PBX now: waiting calls and agents present */
export interface ObzorView {
  waiting: { callId: string; queue: string }[];
  agents: { agentId: string; state: AgentStateName; queues?: string[] }[];
}

export interface ReconcileResult {
  events: ObzorEvent[];
  closed: number;
  adopted: number;
  agents: number;
}

const MAX_CALLS = 10_000;

/** events of a call that mean nothing without its join (or its adoption at a reconciliation) */
const UNSEEN_CALL_EVENTS = new Set(['queuecallerabandon', 'queuecallerleave', 'leave', 'agentcalled', 'agentringnoanswer', 'agentconnect', 'agentcomplete', 'agentdump']);

/** AST_DEVICE_* numbers in QueueMemberStatus `Status` */
function stateOfDevice(status: number, paused: boolean): AgentStateName | undefined {
  if (status === 2 || status === 3 || status === 7 || status === 8) return 'on_call';
  if (status === 6) return 'ringing';
  if (paused) return 'paused';
  if (status === 4 || status === 5) return 'offline';
  if (status === 1) return 'available';
  return undefined;
}

/** QUEUESTATUS (set when Queue() returns) → what happened to the caller */
const QUEUE_STATUS: Readonly<Record<string, 'withdraw' | AbandonReason>> = {
  WITHDRAW: 'withdraw',
  TIMEOUT: 'timeout',
  LEAVEEMPTY: 'exit_empty',
  LEAVEUNAVAIL: 'exit_empty',
};

const canonical = (msg: AmiMessage) =>
  Object.keys(msg.fields)
    .sort()
    .map((k) => `${k}=${msg.fields[k]}`)
    .join('\n');

export class AmiMapper {
  private readonly agents = new AgentMemory();
  private readonly calls = new Map<string, CallMemory>();
  /** answered calls by the member who took them, for AgentComplete without Uniqueid */
  private readonly byAgent = new Map<string, string>();
  /** … and by the member channel's Uniqueid (AgentComplete's DestUniqueid) */
  private readonly byMemberUid = new Map<string, string>();
  private seq = 0;
  private readonly changedCalls = new Set<string>();
  /** arrival − Timestamp of the last timestamped message: the PBX's clock from ours */
  clockOffsetMs = 0;
  /** events of calls this feed never saw join (see `map`) */
  readonly counters = { unseenCall: 0 };

  constructor(private readonly opts: AmiMapperOptions) {}

  map(msg: AmiMessage, receivedAtMs: number): AmiMapResult {
    const f = msg.fields;
    const name = (f.event ?? '').toLowerCase();
    const stamped = timestampOf(f.timestamp);
    if (stamped !== undefined) this.clockOffsetMs = receivedAtMs - stamped;
    const atMs = stamped ?? receivedAtMs;
    const o = this.opts;
    this.seq += 1;
    const seq = this.seq;
    const drafts: Drafted[] = [];
    const add = (suffix: string, draft: Draft, at = atMs) => drafts.push({ suffix, atMs: at, draft });
    const callId = callIdOf(f.uniqueid ?? '', o.callIdPrefix);
    const iface = f.interface || f.location || f.agentcalled || f.member || f.agentname || undefined;
    const memberName = f.membername || f.name || undefined;
    o.members?.learn(memberName, iface);
    const agentId = memberIdOf(iface, memberName, o.agentMap, o.members);
    if (agentId) this.agents.setName(agentId, f.membername);
    /** QueueMemberPause's `PausedReason` (Asterisk 13+; `Reason` before), also on QueueMemberStatus/Added */
    const pauseReason = f.pausedreason || f.reason;
    const queueRaw = f.queue ?? '';
    const callStates = o.agentCallStates !== false;
    const needCall = () => callId !== undefined && queueRaw !== '';
    const pending = (): Pending => ({ atMs, seenAtMs: receivedAtMs, seq, base: canonical(msg) });
    /** events of an earlier message this one settles (ids and order from that message) */
    const settled: ObzorEvent[] = [];
    const settle = (id: string, c: CallMemory, how: 'withdraw' | AbandonReason | undefined) => settled.push(...this.settleEvents(id, c, how));

    // a call this feed never saw join (it joined while the feed or Obzor was away, and the
    // reconciliation found it no longer waiting): its remaining events are the gap's, not a
    // new call of no queue
    if (UNSEEN_CALL_EVENTS.has(name) && callId !== undefined && !this.calls.has(callId)) {
      this.counters.unseenCall += 1;
      return { events: [], ignored: true };
    }
    switch (name) {
      case 'queuecallerjoin':
      case 'join': {
        if (!needCall()) return { events: [], error: `${f.event} without Uniqueid or Queue` };
        const queue = queueIdOf(queueRaw, o.queueMap);
        const line = o.lineByQueue?.[queueRaw] ?? o.lineByQueue?.[queue] ?? o.line ?? 'direct';
        const phone = f.calleridnum && !/^<?unknown>?$/i.test(f.calleridnum) ? f.calleridnum : '';
        const before = this.calls.get(callId!);
        if (before?.abandon || before?.left) settle(callId!, before, before.abandon ? 'caller' : 'exit_key');
        this.visit(callId!, queue);
        add('q', { type: 'call.queued', callId: callId!, queue, line, ...(o.includeCallerNumber && phone ? { client: { phone: phone.slice(0, 32) } } : {}) });
        break;
      }
      case 'queuecallerabandon': {
        if (!callId) return { events: [], error: `${f.event} without Uniqueid` };
        const c = this.call(callId);
        // hang-up, timeout, exit-empty or withdraw: the reason comes with the next messages
        if (!c.over && !c.answered) c.abandon ??= pending();
        break;
      }
      case 'queuecallerleave':
      case 'leave': {
        if (!callId) return { events: [], error: `${f.event} without Uniqueid` };
        const c = this.call(callId);
        if (!c.over && !c.answered && !c.abandon) c.left ??= pending();
        break;
      }
      case 'agentcalled':
        if (!callId || !agentId) return { events: [], error: `${f.event} without Uniqueid or member` };
        add('o', { type: 'call.offered', callId, agentId });
        break;
      case 'agentringnoanswer':
        if (!callId || !agentId) return { events: [], error: `${f.event} without Uniqueid or member` };
        add('r', { type: 'call.ring_no_answer', callId, agentId });
        break;
      case 'agentconnect': {
        if (!callId || !agentId) return { events: [], error: `${f.event} without Uniqueid or member` };
        const c = this.call(callId);
        Object.assign(c, { answered: true, agentId, left: undefined, abandon: undefined, digit: undefined });
        if (f.destuniqueid) {
          c.memberUid = f.destuniqueid;
          this.byMemberUid.set(f.destuniqueid, callId);
        }
        this.byAgent.set(agentId, callId);
        this.changedCalls.add(callId);
        add('a', { type: 'call.answered', callId, agentId });
        if (callStates) this.agentState(add, agentId, 'on_call');
        break;
      }
      case 'agentcomplete': {
        // Asterisk 22 leaves out the caller's fields when the caller's channel is already gone
        // (a caller hang-up): the member who had the call tells which call it was
        const id = callId ?? (f.destuniqueid ? this.byMemberUid.get(f.destuniqueid) : undefined) ?? (agentId ? this.byAgent.get(agentId) : undefined);
        if (!id) return { events: [], error: `${f.event} without Uniqueid, and no call connected to ${f.interface || f.membername || 'its member'}` };
        const c = this.calls.get(id);
        const outcome = (f.reason ?? '').toLowerCase() === 'transfer' ? 'redirected' : 'resolved';
        const earlier = c?.talked && (queueRaw ? queueIdOf(queueRaw, o.queueMap) === c.talked.queue : !c.answered) ? c.talked : undefined;
        if (earlier && c) {
          // the end of the visit the caller was transferred out of, told after the caller entered the
          // next queue (which already released that visit's member: visit())
          c.talked = undefined;
          add('e', { type: 'call.ended', callId: id, outcome });
          const was = agentId ?? earlier.agentId;
          if (callStates && was) this.agentState(add, was, this.agents.baseState(was));
          break;
        }
        const by = agentId ?? c?.agentId;
        if (c && !c.over) {
          c.over = true;
          this.changedCalls.add(id);
          add('e', { type: 'call.ended', callId: id, outcome });
        }
        this.release(id, by, c?.memberUid ?? f.destuniqueid);
        if (callStates && by) this.agentState(add, by, this.agents.baseState(by));
        break;
      }
      case 'agentdump': {
        if (!callId) return { events: [], error: `${f.event} without Uniqueid` };
        const c = this.call(callId);
        c.over = true;
        this.changedCalls.add(callId);
        add('x', { type: 'call.abandoned', callId, reason: 'dropped' });
        break;
      }
      case 'varset': {
        const c = callId ? this.calls.get(callId) : undefined;
        if (!c || (f.variable ?? '').toUpperCase() !== 'QUEUESTATUS') return { events: [], ignored: true };
        const how = QUEUE_STATUS[(f.value ?? '').toUpperCase()];
        if (!c.abandon && !c.left) return { events: [], ignored: true };
        settle(callId!, c, how ?? 'caller');
        break;
      }
      case 'dtmfend':
      case 'dtmfbegin': {
        const c = callId ? this.calls.get(callId) : undefined;
        if (!c || c.answered || c.over) return { events: [], ignored: true };
        if (f.digit) c.digit = f.digit;
        return { events: [], ignored: true };
      }
      case 'bridgeleave': {
        const c = callId ? this.calls.get(callId) : undefined;
        if (!c) return { events: [], ignored: true };
        if (c.answered && !c.over) c.bridgeLeftAtMs = atMs;
        return { events: [], ignored: true };
      }
      case 'newexten':
      case 'hangup': {
        const c = callId ? this.calls.get(callId) : undefined;
        if (!c) return { events: [], ignored: true };
        // the caller's channel moved on in the dialplan (or hung up): Queue() is over for it
        if (c.abandon || c.left) settle(callId!, c, c.abandon ? 'caller' : 'exit_key');
        if (name === 'hangup') {
          if (c.answered && !c.over) {
            // the conversation is over even if AgentComplete never finds its call
            c.over = true;
            add('e', { type: 'call.ended', callId: callId!, outcome: 'resolved' }, c.bridgeLeftAtMs ?? atMs);
            if (callStates && c.agentId) this.agentState(add, c.agentId, this.agents.baseState(c.agentId));
          } else if (!c.over && !c.answered) {
            c.over = true;
            add('x', { type: 'call.abandoned', callId: callId!, reason: 'caller' });
          }
          this.forget(callId!);
        }
        if (!drafts.length && !settled.length) return { events: [], ignored: true };
        break;
      }
      case 'queuememberadded': {
        if (!agentId) return { events: [], error: `${f.event} without member` };
        const qs = this.agents.queues(agentId);
        if (queueRaw) qs.add(queueIdOf(queueRaw, o.queueMap));
        const paused = f.paused === '1';
        this.agents.setPaused(agentId, paused);
        this.agents.setPauseReason(agentId, paused ? f.pausedreason : undefined);
        this.agentState(add, agentId, paused ? 'paused' : 'available');
        break;
      }
      case 'queuememberremoved': {
        if (!agentId) return { events: [], error: `${f.event} without member` };
        const qs = this.agents.queues(agentId);
        if (queueRaw) qs.delete(queueIdOf(queueRaw, o.queueMap));
        this.agentState(add, agentId, qs.size ? this.agents.baseState(agentId) : 'offline');
        break;
      }
      case 'queuememberpause':
      case 'queuememberpaused': {
        if (!agentId) return { events: [], error: `${f.event} without member` };
        const paused = f.paused === '1' || (f.paused ?? '').toLowerCase() === 'true';
        this.agents.setPaused(agentId, paused);
        this.agents.setPauseReason(agentId, paused ? pauseReason : undefined);
        this.agentState(add, agentId, paused ? 'paused' : 'available');
        break;
      }
      case 'queuememberstatus': {
        if (!agentId) return { events: [], error: `${f.event} without member` };
        const paused = f.paused === '1';
        this.agents.setPaused(agentId, paused);
        // a status without the field (an older Asterisk) leaves the reason the pause gave
        if (!paused || f.pausedreason !== undefined) this.agents.setPauseReason(agentId, paused ? f.pausedreason : undefined);
        if (queueRaw) this.agents.queues(agentId).add(queueIdOf(queueRaw, o.queueMap));
        const state = stateOfDevice(Number(f.status ?? '0'), paused);
        if (state) this.agentState(add, agentId, state);
        break;
      }
      case 'agentlogin':
      case 'agentlogoff': {
        const id = memberIdOf(f.agent, undefined, o.agentMap, o.members) ?? agentId;
        if (!id) return { events: [], error: `${f.event} without Agent` };
        this.agentState(add, id, name === 'agentlogin' ? this.agents.baseState(id) : 'offline');
        break;
      }
      default:
        return { events: [], ignored: true };
    }
    const own = this.build(canonical(msg), seq, drafts);
    return { ...own, events: [...settled, ...own.events] };
  }

  /**
   * Waiting calls whose fate has not been told: an abandon with no reason after
   * `abandonGraceMs` is a hang-up; a leave with no answer, abandon or next step after
   * `leaveGraceMs` is counted abandoned at the moment of the leave. `nowMs` is on the clock
   * `map` was given as the arrival time.
   */
  tick(nowMs: number): ObzorEvent[] {
    const leaveGrace = this.opts.leaveGraceMs ?? 30_000;
    const abandonGrace = this.opts.abandonGraceMs ?? 2000;
    const out: ObzorEvent[] = [];
    for (const [callId, c] of this.calls) {
      if (c.abandon && nowMs - c.abandon.seenAtMs >= abandonGrace) out.push(...this.settleEvents(callId, c, 'caller'));
      else if (!c.abandon && c.left && nowMs - c.left.seenAtMs >= leaveGrace) out.push(...this.settleEvents(callId, c, c.digit ? 'exit_key' : undefined));
    }
    return out;
  }

  /**
   * After a disconnect: an abandon already seen is a hang-up; a leave is left to the
   * reconciliation at the next login (AgentConnect may have been missed), not made an abandon.
   */
  forgetPendingLeaves(): ObzorEvent[] {
    const out: ObzorEvent[] = [];
    for (const [callId, c] of this.calls) {
      if (c.abandon) out.push(...this.settleEvents(callId, c, 'caller'));
      c.left = undefined;
    }
    return out;
  }

  /**
   * Makes Obzor's view of this PBX equal to the PBX's own (QueueStatus at a (re)login): calls
   * Obzor has waiting or in progress that the PBX no longer has are closed with the outcome
   * `reconciled` (neither served nor lost: the feed was away when they ended), calls the PBX
   * has waiting that Obzor does not show are adopted with their real wait, and every member's
   * queues, pause and state are refreshed (members the PBX no longer has go offline).
   */
  reconcile(pbx: PbxState, obzor: ObzorView): ReconcileResult {
    const o = this.opts;
    const drafts: Drafted[] = [];
    const add = (suffix: string, draft: Draft, at = pbx.atMs) => drafts.push({ suffix, atMs: at, draft });
    this.seq += 1;
    const base = `reconcile\n${pbx.atMs}`;
    const entries = new Map<string, { queue: string; waitSec: number }>();
    for (const e of pbx.entries) {
      const id = callIdOf(e.uniqueId, o.callIdPrefix);
      if (id) entries.set(id, { queue: queueIdOf(e.queue, o.queueMap), waitSec: e.waitSec });
    }
    const shown = new Map(obzor.waiting.map((w) => [w.callId, w.queue]));
    const inCall = new Set(pbx.members.filter((m) => m.inCall).map((m) => memberIdOf(m.iface, m.name, o.agentMap, o.members)));
    let closed = 0;
    let adopted = 0;
    const uniqueIdOf = (callId: string) => (o.callIdPrefix && callId.startsWith(o.callIdPrefix) ? callId.slice(o.callIdPrefix.length) : callId);
    for (const callId of new Set([...this.calls.keys(), ...shown.keys()])) {
      if (entries.has(callId)) continue;
      const c = this.calls.get(callId);
      // what this feed saw end since Obzor's view was read is not Obzor's to close
      if (c?.over) continue;
      // a conversation goes on while its caller's channel is up — or, where the PBX does not list
      // channels to this user, while the member who took it is still in a call
      if (c?.answered && (pbx.channels ? pbx.channels.has(uniqueIdOf(callId)) : !c.agentId || inCall.has(c.agentId))) continue;
      add(`z${closed}`, { type: 'call.ended', callId, outcome: 'reconciled' });
      if (c) {
        this.release(callId, c.agentId, c.memberUid);
        this.forget(callId);
      }
      closed += 1;
    }
    for (const [callId, e] of entries) {
      const c = this.calls.get(callId);
      const known = c ? !c.over && !c.answered && c.queue === e.queue : shown.get(callId) === e.queue;
      if (known) {
        this.visit(callId, e.queue);
        continue;
      }
      const joinedAt = pbx.atMs - e.waitSec * 1000;
      this.visit(callId, e.queue);
      const line = o.lineByQueue?.[e.queue] ?? o.line ?? 'direct';
      add(`j${adopted}`, { type: 'call.queued', callId, queue: e.queue, line }, joinedAt);
      adopted += 1;
    }
    // members: one agent per interface, in every queue the PBX lists it in
    const byAgent = new Map<string, { queues: Set<string>; paused: boolean; status: number; inCall: boolean }>();
    for (const m of pbx.members) {
      o.members?.learn(m.name, m.iface);
      const id = memberIdOf(m.iface, m.name, o.agentMap, o.members);
      if (!id) continue;
      this.agents.setName(id, m.name);
      const a = byAgent.get(id) ?? { queues: new Set<string>(), paused: false, status: m.status, inCall: false };
      a.queues.add(queueIdOf(m.queue, o.queueMap));
      a.paused ||= m.paused;
      a.inCall ||= m.inCall;
      if (m.status !== 1) a.status = m.status;
      byAgent.set(id, a);
    }
    for (const [id, a] of byAgent) {
      this.agents.setQueues(id, a.queues);
      this.agents.setPaused(id, a.paused);
      const state = a.inCall ? 'on_call' : (stateOfDevice(a.status, a.paused) ?? (a.paused ? 'paused' : 'available'));
      this.agentState(add, id, state, `s${drafts.length}`);
    }
    const pbxQueues = new Set(pbx.queues.map((q) => queueIdOf(q, o.queueMap)));
    const gone = new Set<string>();
    for (const id of this.agents.known()) if (!byAgent.has(id) && this.agents.lastSentState(id) !== 'offline') gone.add(id);
    for (const a of obzor.agents) if (a.state !== 'offline' && !byAgent.has(a.agentId) && (a.queues ?? []).some((q) => pbxQueues.has(q))) gone.add(a.agentId);
    for (const id of gone) {
      this.agents.gone(id);
      this.agentState(add, id, 'offline', `s${drafts.length}`);
    }
    const built = this.build(base, this.seq, drafts);
    return { events: built.events, closed, adopted, agents: byAgent.size + gone.size };
  }

  /** the calls in progress, for keeping across a restart of Obzor */
  remembered(): Record<string, RememberedCall> {
    const out: Record<string, RememberedCall> = {};
    for (const [id, c] of this.calls) {
      if (c.over) continue;
      out[id] = { answered: c.answered, ...(c.queue ? { queue: c.queue } : {}), ...(c.agentId ? { agentId: c.agentId } : {}), ...(c.memberUid ? { memberUid: c.memberUid } : {}) };
    }
    return out;
  }

  /** which remembered calls changed since the last call (set: current record, or null: gone) */
  takeChangedCalls(): Record<string, RememberedCall | null> {
    const all = this.remembered();
    const out: Record<string, RememberedCall | null> = {};
    for (const id of this.changedCalls) out[id] = all[id] ?? null;
    this.changedCalls.clear();
    return out;
  }

  /** calls in progress when Obzor stopped (see `remembered`); the next reconciliation checks them */
  restore(calls: Readonly<Record<string, RememberedCall>>): void {
    for (const [id, r] of Object.entries(calls)) {
      const c = this.call(id);
      Object.assign(c, { answered: r.answered, over: false, ...(r.queue ? { queue: r.queue } : {}), ...(r.agentId ? { agentId: r.agentId } : {}), ...(r.memberUid ? { memberUid: r.memberUid } : {}) });
      if (r.answered && r.agentId) this.byAgent.set(r.agentId, id);
      if (r.answered && r.memberUid) this.byMemberUid.set(r.memberUid, id);
    }
    this.changedCalls.clear();
  }

  /**
   * Settles a waiting call that left: withdrawn by the system (ended, redirected — not a caller
   * abandon) or lost with a reason; at the time, and with the id and order, of the message that
   * told it left (QueueCallerAbandon, else QueueCallerLeave).
   */
  private settleEvents(callId: string, c: CallMemory, how: 'withdraw' | AbandonReason | undefined): ObzorEvent[] {
    const p = c.abandon ?? c.left;
    c.abandon = c.left = undefined;
    if (!p || c.over || c.answered) return [];
    c.over = true;
    this.changedCalls.add(callId);
    const draft: Draft = how === 'withdraw' ? { type: 'call.ended', callId, outcome: 'redirected' } : { type: 'call.abandoned', callId, ...(how ? { reason: how } : {}) };
    return this.build(p.base, p.seq, [{ suffix: how === 'withdraw' ? 'w' : 'x', atMs: p.atMs, draft }]).events;
  }

  private build(base: string, seq: number, drafts: readonly Drafted[]): AmiMapResult {
    const built = buildEvents({ prefix: 'ami', site: this.opts.site, key: [base], timeInId: true, sourceSeq: seq }, drafts);
    return built.ok ? { events: built.events } : { events: [], error: `${built.type} from AMI is invalid: ${built.issues}` };
  }

  /** a new visit when the call enters a queue after its last visit's outcome, or a new queue */
  private visit(callId: string, queue: string): void {
    const c = this.call(callId);
    if (c.queue !== undefined && (c.over || c.answered || c.queue !== queue)) {
      this.release(callId, c.agentId, c.memberUid);
      const talked = c.answered && !c.over ? { queue: c.queue, ...(c.agentId ? { agentId: c.agentId } : {}) } : undefined;
      Object.assign(c, { talked, answered: false, over: false, agentId: undefined, memberUid: undefined, left: undefined, abandon: undefined, digit: undefined, bridgeLeftAtMs: undefined });
    }
    c.queue = queue;
    this.changedCalls.add(callId);
  }

  private release(callId: string, agentId: string | undefined, memberUid: string | undefined): void {
    if (agentId && this.byAgent.get(agentId) === callId) this.byAgent.delete(agentId);
    if (memberUid && this.byMemberUid.get(memberUid) === callId) this.byMemberUid.delete(memberUid);
  }

  private forget(callId: string): void {
    this.calls.delete(callId);
    this.changedCalls.add(callId);
  }

  private call(callId: string): CallMemory {
    let c = this.calls.get(callId);
    if (!c) {
      c = { answered: false, over: false };
      this.calls.set(callId, c);
      if (this.calls.size > MAX_CALLS) {
        const oldest = this.calls.keys().next().value;
        if (oldest !== undefined) this.forget(oldest);
      }
    }
    return c;
  }

  /** adds an agent.state draft unless it repeats the last one sent for that agent */
  private agentState(add: (suffix: string, d: Draft) => void, agentId: string, state: AgentStateName, suffix = 's'): void {
    const d = this.agents.changedState(agentId, state);
    if (d) add(suffix, d);
  }
}

function timestampOf(raw: string | undefined): number | undefined {
  if (!raw || !/^\d{9,11}(\.\d+)?$/.test(raw.trim())) return undefined;
  return Math.round(Number(raw) * 1000);
}
