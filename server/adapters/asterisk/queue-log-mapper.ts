/**
 * queue_log records → contract events (shared/events.ts). Pure apart from a little memory
 * about agents (which queues they are in, paused or not), so that an agent's state after a
 * call or a REMOVEMEMBER is right, and about the calls in progress, so that a restart of the
 * PBX (QUEUESTART: the calls it had are gone, unlogged) closes them. Every call event comes
 * from its own line, with the ring start derived from the ring time Asterisk logs; every event
 * carries the line number as `sourceSeq`, so lines of the same second fold in file order.
 *
 * Members: ADDMEMBER/REMOVEMEMBER name a member by its interface, call and pause lines by its
 * member name (`log_membername_as_agent = no`, Asterisk's default); the `members` directory
 * (learned from AMI, or from ADDMEMBER lines that carry a name) maps both to the interface's id.
 *
 * Ids are `ast:<sha1(site|line)>:<suffix>`: the same line always gives the same ids, so a
 * re-import or a resend after a restart is a `duplicate` at the server and changes nothing.
 * The mapping table is in docs/asterisk.md.
 */
import type { AbandonReason, AgentStateName, ObzorEvent } from '../../../shared/events.js';
import { AgentMemory } from './agent-memory.js';
import { callIdOf, queueIdOf, queueLogMemberIdOf } from './entity-ids.js';
import { buildEvents, type Draft, type Drafted } from './event-drafts.js';
import type { MemberDirectory } from './member-directory.js';
import type { ExitReason, QueueLogEntry } from './queue-log-line.js';

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
  /** member name ↔ interface pairs (see MemberDirectory), so one operator is one agent */
  members?: MemberDirectory;
}

const ABANDON_REASON: Readonly<Record<ExitReason, AbandonReason>> = {
  abandon: 'caller',
  timeout: 'timeout',
  empty: 'exit_empty',
  key: 'exit_key',
  syscompat: 'dropped',
  agentdump: 'dropped',
};

/** `unpaired`: a member name first seen here that no interface is known for (once per name) */
export type MapResult = { ok: true; events: ObzorEvent[]; unpaired?: string } | { ok: false; reason: string };

const MAX_OPEN_CALLS = 10_000;

export class QueueLogMapper {
  private readonly agents = new AgentMemory();
  /** calls in progress: who is on them (closed at a PBX restart) */
  private readonly open = new Map<string, { agentId?: string }>();
  /** the log names members by interface (ADDMEMBER `Local/1001@agents/n`) … */
  private interfacesSeen = false;
  /** … and these names it could not pair with one (reported once each) */
  private readonly unpaired = new Set<string>();

  constructor(private readonly opts: QueueLogMapperOptions) {}

  map(entry: QueueLogEntry): MapResult {
    const drafts: Drafted[] = [];
    const add = (suffix: string, atMs: number, draft: Draft) => drafts.push({ suffix, atMs, draft });
    const r = entry.record;
    const t = entry.atMs;
    const o = this.opts;
    const callId = callIdOf(entry.uniqueId, o.callIdPrefix);
    // ADDMEMBER may carry the member name (some builds log it in data1): learn the pair
    if (r.kind === 'member' && r.action === 'add' && entry.data[0] && entry.data[0].toUpperCase() !== 'PAUSED') o.members?.learn(entry.data[0], entry.agent);
    const agentId = queueLogMemberIdOf(entry.agent, o.agentMap, o.members);
    // the operator's name: a line naming the member by name (call and pause lines), or ADDMEMBER's data1
    if (agentId) this.agents.setName(agentId, r.kind === 'member' && r.action === 'add' && entry.data[0]?.toUpperCase() !== 'PAUSED' ? entry.data[0] || entry.agent : entry.agent);
    if (r.kind === 'member' && entry.agent.includes('/')) this.interfacesSeen = true;
    let unpaired: string | undefined;
    const name = entry.agent.trim();
    // `log_membername_as_agent = no`: call and pause lines name a member the ADDMEMBER lines did not
    if (this.interfacesSeen && name && name.toUpperCase() !== 'NONE' && !name.includes('/') && o.agentMap?.[name] === undefined && !o.members?.interfaceOf(name) && !this.unpaired.has(name)) {
      this.unpaired.add(name);
      unpaired = name;
    }
    const queueName = entry.queue.toUpperCase() === 'NONE' ? undefined : entry.queue;
    const callStates = o.agentCallStates !== false;

    switch (r.kind) {
      case 'enter': {
        const queue = queueIdOf(entry.queue, o.queueMap);
        const line = o.lineByQueue?.[entry.queue] ?? o.lineByQueue?.[queue] ?? o.line ?? 'direct';
        const client = o.includeCallerNumber && r.callerId ? { client: { phone: r.callerId.slice(0, 32) } } : {};
        add('q', t, { type: 'call.queued', callId: callId!, queue, line, ...client });
        this.opened(callId!, {});
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
        if (callStates) add('s', t, this.agents.state(agentId!, 'on_call'));
        this.opened(callId!, { agentId: agentId! });
        break;
      case 'complete':
      case 'transfer':
        add('e', t, { type: 'call.ended', callId: callId!, outcome: r.kind === 'complete' ? 'resolved' : 'redirected' });
        if (callStates) add('s', t, this.agents.state(agentId!, this.agents.baseState(agentId!)));
        this.open.delete(callId!);
        break;
      case 'exit':
        add('x', t, { type: 'call.abandoned', callId: callId!, reason: ABANDON_REASON[r.reason] });
        this.open.delete(callId!);
        break;
      case 'withdraw':
        // taken out of the queue by the system (QueueWithdrawCaller): redirected, not a caller abandon
        add('e', t, { type: 'call.ended', callId: callId!, outcome: 'redirected' });
        this.open.delete(callId!);
        break;
      case 'member': {
        const state = this.remember(agentId!, r.action, queueName ? queueIdOf(queueName, o.queueMap) : undefined, r.paused === true, r.reason);
        add('s', t, this.agents.state(agentId!, state));
        break;
      }
      case 'info':
        // QUEUESTART: this Asterisk process wrote its first line; what the last one had in
        // progress ended unlogged when it stopped — closed as `reconciled` (neither served nor lost)
        if (entry.verb === 'QUEUESTART') {
          let n = 0;
          for (const [id, c] of this.open) {
            add(`z${n++}`, t, { type: 'call.ended', callId: id, outcome: 'reconciled' });
            if (callStates && c.agentId) add(`s${n++}`, t, this.agents.state(c.agentId, this.agents.baseState(c.agentId)));
          }
          this.open.clear();
        }
        break;
      case 'unknown':
        break;
    }

    const built = buildEvents({ prefix: 'ast', site: o.site, key: [entry.text], sourceSeq: entry.seq ?? entry.lineNo }, drafts);
    if (!built.ok) return { ok: false, reason: `${entry.verb} maps to an invalid ${built.type}: ${built.issues}` };
    return { ok: true, events: built.events, ...(unpaired ? { unpaired } : {}) };
  }

  /** calls open when the file ends or the PBX restarted */
  get openCalls(): string[] {
    return [...this.open.keys()];
  }

  private opened(callId: string, c: { agentId?: string }): void {
    this.open.delete(callId);
    this.open.set(callId, c);
    if (this.open.size > MAX_OPEN_CALLS) {
      const oldest = this.open.keys().next().value;
      if (oldest !== undefined) this.open.delete(oldest);
    }
  }

  /** updates what we know of the agent and returns the state the line puts them in */
  private remember(agentId: string, action: string, queue: string | undefined, addedPaused: boolean, reason: string | undefined): AgentStateName {
    const a = this.agents;
    switch (action) {
      case 'login':
        a.setLoggedOff(agentId, false);
        break;
      case 'logoff':
        a.setLoggedOff(agentId, true);
        a.setPaused(agentId, false);
        break;
      case 'add': {
        const qs = a.queues(agentId);
        if (qs.size === 0) a.setPaused(agentId, false);
        if (queue) qs.add(queue);
        if (addedPaused) a.setPaused(agentId, true);
        a.setLoggedOff(agentId, false);
        break;
      }
      case 'remove': {
        const qs = a.queues(agentId);
        if (queue) qs.delete(queue);
        if (qs.size === 0) {
          a.setLoggedOff(agentId, true);
          a.setPaused(agentId, false);
        }
        break;
      }
      case 'pause':
      case 'pause_all':
        a.setPaused(agentId, true);
        a.setPauseReason(agentId, reason);
        a.setLoggedOff(agentId, false);
        break;
      case 'unpause':
      case 'unpause_all':
        a.setPaused(agentId, false);
        a.setLoggedOff(agentId, false);
        break;
    }
    return a.baseState(agentId);
  }
}
