/**
 * AMI queue events → contract events. Pure apart from small memories: agents' queues and
 * last reported state (so one QueueMemberStatus per queue does not repeat the same state),
 * and calls that left the queue without being answered or abandoned (see `tick`).
 *
 * Calls are keyed by the caller channel's Uniqueid, the same id queue_log uses, so both
 * adapters name a call alike. Times come from the `Timestamp` header when manager.conf has
 * `timestampevents = yes`, otherwise from the moment the message arrived.
 * Mapping table: docs/asterisk.md.
 */
import { ObzorEvent, type AgentStateName } from '../../../shared/events.js';
import { formatIssues } from '../../../shared/validation-error.js';
import type { AmiMessage } from './ami-framing.js';
import { agentIdOf, callIdOf, queueIdOf } from './entity-ids.js';
import { stableEventId } from './event-ids.js';
import type { QueueLogMapperOptions } from './queue-log-mapper.js';

export interface AmiMapperOptions extends QueueLogMapperOptions {
  /**
   * A caller who leaves the queue (QueueCallerLeave) without AgentConnect, QueueCallerAbandon
   * or AgentDump within this time is counted abandoned at the moment they left (EXITWITHKEY,
   * WITHDRAW raise no event of their own). AgentConnect follows the leave at once unless a
   * member announcement is played first; default 30 000 ms.
   */
  leaveGraceMs?: number;
}

export interface AmiMapResult {
  events: ObzorEvent[];
  /** not a queue event Obzor uses */
  ignored?: boolean;
  /** the message maps to an event the contract rejects (reason) */
  error?: string;
}

type Draft = { [K in ObzorEvent['type']]: Omit<Extract<ObzorEvent, { type: K }>, 'id' | 'at' | 'site'> }[ObzorEvent['type']];

interface CallMemory {
  answered: boolean;
  abandoned: boolean;
  leftAtMs?: number;
}

const MAX_CALLS = 10_000;

/** AST_DEVICE_* numbers in QueueMemberStatus `Status` */
function stateOfDevice(status: number, paused: boolean): AgentStateName | undefined {
  if (status === 2 || status === 3 || status === 7 || status === 8) return 'on_call';
  if (status === 6) return 'ringing';
  if (paused) return 'paused';
  if (status === 4 || status === 5) return 'offline';
  if (status === 1) return 'available';
  return undefined;
}

export class AmiMapper {
  private readonly queuesOf = new Map<string, Set<string>>();
  private readonly pausedOf = new Map<string, boolean>();
  private readonly lastState = new Map<string, string>();
  private readonly calls = new Map<string, CallMemory>();

  constructor(private readonly opts: AmiMapperOptions) {}

  map(msg: AmiMessage, receivedAtMs: number): AmiMapResult {
    const f = msg.fields;
    const name = (f.event ?? '').toLowerCase();
    const atMs = timestampOf(f.timestamp) ?? receivedAtMs;
    const o = this.opts;
    const drafts: { suffix: string; atMs: number; draft: Draft }[] = [];
    const add = (suffix: string, draft: Draft, at = atMs) => drafts.push({ suffix, atMs: at, draft });
    const callId = callIdOf(f.uniqueid ?? '', o.callIdPrefix);
    const agentId = agentIdOf(f.membername || f.interface || f.agentname || f.agentcalled || f.member || f.location || '', o.agentMap);
    const queueRaw = f.queue ?? '';
    const callStates = o.agentCallStates !== false;
    const needCall = () => callId !== undefined && queueRaw !== '';

    switch (name) {
      case 'queuecallerjoin':
      case 'join': {
        if (!needCall()) return { events: [], error: `${f.event} without Uniqueid or Queue` };
        const queue = queueIdOf(queueRaw, o.queueMap);
        const line = o.lineByQueue?.[queueRaw] ?? o.lineByQueue?.[queue] ?? o.line ?? 'direct';
        const phone = f.calleridnum && !/^<?unknown>?$/i.test(f.calleridnum) ? f.calleridnum : '';
        this.call(callId!);
        add('q', { type: 'call.queued', callId: callId!, queue, line, ...(o.includeCallerNumber && phone ? { client: { phone: phone.slice(0, 32) } } : {}) });
        break;
      }
      case 'queuecallerabandon':
        if (!callId) return { events: [], error: `${f.event} without Uniqueid` };
        this.call(callId).abandoned = true;
        add('x', { type: 'call.abandoned', callId });
        break;
      case 'queuecallerleave':
      case 'leave': {
        if (!callId) return { events: [], error: `${f.event} without Uniqueid` };
        const c = this.call(callId);
        if (c.abandoned) this.calls.delete(callId);
        else if (!c.answered) c.leftAtMs = atMs;
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
      case 'agentconnect':
        if (!callId || !agentId) return { events: [], error: `${f.event} without Uniqueid or member` };
        this.call(callId).answered = true;
        add('a', { type: 'call.answered', callId, agentId });
        if (callStates) this.agentState(add, agentId, 'on_call');
        break;
      case 'agentcomplete':
        if (!callId) return { events: [], error: `${f.event} without Uniqueid` };
        this.calls.delete(callId);
        add('e', { type: 'call.ended', callId, outcome: (f.reason ?? '').toLowerCase() === 'transfer' ? 'redirected' : 'resolved' });
        if (callStates && agentId) this.agentState(add, agentId, this.baseState(agentId));
        break;
      case 'agentdump':
        if (!callId) return { events: [], error: `${f.event} without Uniqueid` };
        this.calls.delete(callId);
        add('x', { type: 'call.abandoned', callId });
        break;
      case 'queuememberadded': {
        if (!agentId) return { events: [], error: `${f.event} without member` };
        const qs = this.queues(agentId);
        if (queueRaw) qs.add(queueIdOf(queueRaw, o.queueMap));
        const paused = f.paused === '1';
        this.pausedOf.set(agentId, paused);
        this.agentState(add, agentId, paused ? 'paused' : 'available');
        break;
      }
      case 'queuememberremoved': {
        if (!agentId) return { events: [], error: `${f.event} without member` };
        const qs = this.queues(agentId);
        if (queueRaw) qs.delete(queueIdOf(queueRaw, o.queueMap));
        this.agentState(add, agentId, qs.size ? this.baseState(agentId) : 'offline');
        break;
      }
      case 'queuememberpause':
      case 'queuememberpaused': {
        if (!agentId) return { events: [], error: `${f.event} without member` };
        const paused = f.paused === '1' || (f.paused ?? '').toLowerCase() === 'true';
        this.pausedOf.set(agentId, paused);
        this.agentState(add, agentId, paused ? 'paused' : 'available');
        break;
      }
      case 'queuememberstatus': {
        if (!agentId) return { events: [], error: `${f.event} without member` };
        const paused = f.paused === '1';
        this.pausedOf.set(agentId, paused);
        if (queueRaw) this.queues(agentId).add(queueIdOf(queueRaw, o.queueMap));
        const state = stateOfDevice(Number(f.status ?? '0'), paused);
        if (state) this.agentState(add, agentId, state);
        break;
      }
      case 'agentlogin':
      case 'agentlogoff': {
        const id = agentIdOf(f.agent ?? '', o.agentMap) ?? agentId;
        if (!id) return { events: [], error: `${f.event} without Agent` };
        this.agentState(add, id, name === 'agentlogin' ? this.baseState(id) : 'offline');
        break;
      }
      default:
        return { events: [], ignored: true };
    }
    return this.build(msg, drafts);
  }

  /**
   * Calls that left the queue `leaveGraceMs` ago with no answer, abandon or dump: the caller
   * went elsewhere (exit key, withdraw) without being served → `call.abandoned` at the leave.
   */
  tick(nowMs: number): ObzorEvent[] {
    const grace = this.opts.leaveGraceMs ?? 30_000;
    const out: ObzorEvent[] = [];
    for (const [callId, c] of this.calls) {
      if (c.leftAtMs === undefined || c.answered || c.abandoned || nowMs - c.leftAtMs < grace) continue;
      this.calls.delete(callId);
      const e = ObzorEvent.safeParse({
        id: stableEventId('ami', [this.opts.site, 'leave', callId], 'x'),
        type: 'call.abandoned',
        at: new Date(c.leftAtMs).toISOString(),
        site: this.opts.site,
        callId,
      });
      if (e.success) out.push(e.data);
    }
    return out;
  }

  /** after a disconnect we may have missed AgentConnect: do not turn those leaves into abandons */
  forgetPendingLeaves(): void {
    for (const [callId, c] of this.calls) if (c.leftAtMs !== undefined) this.calls.delete(callId);
  }

  private build(msg: AmiMessage, drafts: readonly { suffix: string; atMs: number; draft: Draft }[]): AmiMapResult {
    const canonical = Object.keys(msg.fields)
      .sort()
      .map((k) => `${k}=${msg.fields[k]}`)
      .join('\n');
    const events: ObzorEvent[] = [];
    for (const d of drafts) {
      const candidate = { id: stableEventId('ami', [this.opts.site, canonical, String(d.atMs)], d.suffix), at: new Date(d.atMs).toISOString(), site: this.opts.site, ...d.draft };
      const parsed = ObzorEvent.safeParse(candidate);
      if (!parsed.success) return { events: [], error: `${msg.fields.event} maps to an invalid ${d.draft.type}: ${formatIssues(parsed.error.issues, candidate)}` };
      events.push(parsed.data);
    }
    return { events };
  }

  private call(callId: string): CallMemory {
    let c = this.calls.get(callId);
    if (!c) {
      c = { answered: false, abandoned: false };
      this.calls.set(callId, c);
      if (this.calls.size > MAX_CALLS) {
        const oldest = this.calls.keys().next().value;
        if (oldest !== undefined) this.calls.delete(oldest);
      }
    }
    return c;
  }

  private queues(agentId: string): Set<string> {
    let q = this.queuesOf.get(agentId);
    if (!q) {
      q = new Set();
      this.queuesOf.set(agentId, q);
    }
    return q;
  }

  private baseState(agentId: string): AgentStateName {
    return this.pausedOf.get(agentId) ? 'paused' : 'available';
  }

  /** adds an agent.state draft unless it repeats the last one sent for that agent */
  private agentState(add: (suffix: string, d: Draft) => void, agentId: string, state: AgentStateName): void {
    const qs = this.queuesOf.get(agentId);
    const queues = state !== 'offline' && qs?.size ? [...qs].sort().slice(0, 100) : undefined;
    const key = `${state}|${queues?.join(',') ?? ''}`;
    if (this.lastState.get(agentId) === key) return;
    this.lastState.set(agentId, key);
    add('s', { type: 'agent.state', agentId, state, ...(queues ? { queues } : {}) });
  }
}

function timestampOf(raw: string | undefined): number | undefined {
  if (!raw || !/^\d{9,11}(\.\d+)?$/.test(raw.trim())) return undefined;
  return Math.round(Number(raw) * 1000);
}
