/**
 * queue_log records → contract events (shared/events.ts). Pure apart from a little memory
 * about agents (which queues they are in, paused or not), so that an agent's state after a
 * call or a REMOVEMEMBER is right. Calls need no memory: every call event comes from its own
 * line, with the ring start derived from the ring time Asterisk logs.
 *
 * Ids are `ast:<sha1(site|line)>:<suffix>`: the same line always gives the same ids, so a
 * re-import or a resend after a restart is a `duplicate` at the server and changes nothing.
 * The mapping table is in docs/asterisk.md.
 */
import { ObzorEvent, type AgentStateName } from '../../../shared/events.js';
import { formatIssues } from '../../../shared/validation-error.js';
import { agentIdOf, callIdOf, queueIdOf } from './entity-ids.js';
import { stableEventId } from './event-ids.js';
import type { QueueLogEntry } from './queue-log-line.js';

export type LineKind = 'hotline' | 'direct';

export interface QueueLogMapperOptions {
  /** site id every event is posted for */
  site: string;
  /** Asterisk queue name → Obzor queue id (unlisted names are used as they are, slugified if needed) */
  queueMap?: Readonly<Record<string, string>>;
  /** `line` of call.queued; default 'direct' */
  line?: LineKind;
  /** per-queue `line`, keyed by the Asterisk queue name or the mapped id */
  lineByQueue?: Readonly<Record<string, LineKind>>;
  /** raw member name (`SIP/101`, `Paty Marin`) → agent id, before the built-in normalisation */
  agentMap?: Readonly<Record<string, string>>;
  /** prepended to the Asterisk uniqueid to form callId (several PBXs on one site) */
  callIdPrefix?: string;
  /** emit agent.state on_call at CONNECT and back to available/paused when the call ends; default true */
  agentCallStates?: boolean;
  /** put the ENTERQUEUE caller id into `client.phone` (personal data, N6); default false */
  includeCallerNumber?: boolean;
}

export type MapResult = { ok: true; events: ObzorEvent[] } | { ok: false; reason: string };

interface AgentMemory {
  queues: Set<string>;
  paused: boolean;
  loggedOff: boolean;
}

type Draft = { [K in ObzorEvent['type']]: Omit<Extract<ObzorEvent, { type: K }>, 'id' | 'at' | 'site'> }[ObzorEvent['type']];

export class QueueLogMapper {
  private readonly agents = new Map<string, AgentMemory>();

  constructor(private readonly opts: QueueLogMapperOptions) {}

  map(entry: QueueLogEntry): MapResult {
    const drafts: { suffix: string; atMs: number; draft: Draft }[] = [];
    const add = (suffix: string, atMs: number, draft: Draft) => drafts.push({ suffix, atMs, draft });
    const r = entry.record;
    const t = entry.atMs;
    const o = this.opts;
    const callId = callIdOf(entry.uniqueId, o.callIdPrefix);
    const agentId = agentIdOf(entry.agent, o.agentMap);
    const queueName = entry.queue.toUpperCase() === 'NONE' ? undefined : entry.queue;
    const callStates = o.agentCallStates !== false;

    switch (r.kind) {
      case 'enter': {
        const queue = queueIdOf(entry.queue, o.queueMap);
        const line = o.lineByQueue?.[entry.queue] ?? o.lineByQueue?.[queue] ?? o.line ?? 'direct';
        const client = o.includeCallerNumber && r.callerId ? { client: { phone: r.callerId.slice(0, 32) } } : {};
        add('q', t, { type: 'call.queued', callId: callId!, queue, line, ...client });
        break;
      }
      case 'ring_no_answer':
      case 'ring_canceled':
        add('o', t - r.ringMs, { type: 'call.offered', callId: callId!, agentId: agentId! });
        add('r', t, { type: 'call.ring_no_answer', callId: callId!, agentId: agentId! });
        break;
      case 'connect':
        if (r.ringSec !== undefined) add('o', t - r.ringSec * 1000, { type: 'call.offered', callId: callId!, agentId: agentId! });
        add('a', t, { type: 'call.answered', callId: callId!, agentId: agentId! });
        if (callStates) add('s', t, this.agentState(agentId!, 'on_call'));
        break;
      case 'complete':
      case 'transfer':
        add('e', t, { type: 'call.ended', callId: callId!, outcome: r.kind === 'complete' ? 'resolved' : 'redirected' });
        if (callStates) add('s', t, this.agentState(agentId!, this.baseState(agentId!)));
        break;
      case 'exit':
        add('x', t, { type: 'call.abandoned', callId: callId! });
        break;
      case 'withdraw':
        add('e', t, { type: 'call.ended', callId: callId!, outcome: 'redirected' });
        break;
      case 'member': {
        const state = this.remember(agentId!, r.action, queueName ? queueIdOf(queueName, o.queueMap) : undefined, r.paused === true);
        add('s', t, this.agentState(agentId!, state));
        break;
      }
      case 'info':
      case 'unknown':
        break;
    }

    const events: ObzorEvent[] = [];
    for (const d of drafts) {
      const candidate = { id: stableEventId('ast', [o.site, entry.text], d.suffix), at: new Date(d.atMs).toISOString(), site: o.site, ...d.draft };
      const parsed = ObzorEvent.safeParse(candidate);
      if (!parsed.success) return { ok: false, reason: `${entry.verb} maps to an invalid ${d.draft.type}: ${formatIssues(parsed.error.issues, candidate)}` };
      events.push(parsed.data);
    }
    return { ok: true, events };
  }

  private memory(agentId: string): AgentMemory {
    let m = this.agents.get(agentId);
    if (!m) {
      m = { queues: new Set(), paused: false, loggedOff: false };
      this.agents.set(agentId, m);
    }
    return m;
  }

  private baseState(agentId: string): AgentStateName {
    const m = this.agents.get(agentId);
    if (!m) return 'available';
    return m.loggedOff ? 'offline' : m.paused ? 'paused' : 'available';
  }

  /** updates what we know of the agent and returns the state the line puts them in */
  private remember(agentId: string, action: string, queue: string | undefined, addedPaused: boolean): AgentStateName {
    const m = this.memory(agentId);
    switch (action) {
      case 'login':
        m.loggedOff = false;
        break;
      case 'logoff':
        m.loggedOff = true;
        m.paused = false;
        break;
      case 'add':
        if (m.queues.size === 0) m.paused = false;
        if (queue) m.queues.add(queue);
        if (addedPaused) m.paused = true;
        m.loggedOff = false;
        break;
      case 'remove':
        if (queue) m.queues.delete(queue);
        if (m.queues.size === 0) {
          m.loggedOff = true;
          m.paused = false;
        }
        break;
      case 'pause':
      case 'pause_all':
        m.paused = true;
        m.loggedOff = false;
        break;
      case 'unpause':
      case 'unpause_all':
        m.paused = false;
        m.loggedOff = false;
        break;
    }
    return this.baseState(agentId);
  }

  private agentState(agentId: string, state: AgentStateName): Draft {
    const m = this.agents.get(agentId);
    const queues = state !== 'offline' && m && m.queues.size ? [...m.queues].sort().slice(0, 100) : undefined;
    return { type: 'agent.state', agentId, state, ...(queues ? { queues } : {}) };
  }
}
