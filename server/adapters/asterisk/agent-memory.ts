/**
 * What both Asterisk mappers remember of each agent, because most messages tell only part of
 * it: the queues the agent is in, paused or not (and why), logged off or not (queue_log's
 * AGENTLOGOFF), the member name the PBX gave, and the last state sent, so a message that repeats
 * it (AMI sends one QueueMemberStatus per queue) does not send it again.
 */
import { AGENT_NAME_MAX, PAUSE_REASON_MAX, stripBidiControls, type AgentStateName } from '../../../shared/events.js';
import type { Draft } from './event-drafts.js';

export type AgentStateDraft = Extract<Draft, { type: 'agent.state' }>;

/** the contract allows at most 100 queues on an agent.state */
const MAX_QUEUES = 100;

/** PBX text cut to what the contract takes (never a lone half of a surrogate pair); undefined when nothing is left */
export function boundedText(raw: string | undefined, max: number): string | undefined {
  let s = stripBidiControls(raw ?? '').trim();
  if (s.length > max) s = s.slice(0, /[\uD800-\uDBFF]/.test(s[max - 1]!) ? max - 1 : max).trimEnd();
  return s || undefined;
}

/**
 * A member name worth showing: not empty, not `NONE`, not the interface itself (Asterisk names an
 * unnamed member by its interface, `Local/1004@agents/n`) and not the agent id again.
 */
export function memberNameOf(raw: string | undefined, agentId: string): string | undefined {
  const n = boundedText(raw, AGENT_NAME_MAX);
  if (!n || n.toUpperCase() === 'NONE' || n.includes('/') || n === agentId) return undefined;
  return n;
}

export class AgentMemory {
  private readonly queuesOf = new Map<string, Set<string>>();
  private readonly pausedOf = new Map<string, boolean>();
  private readonly loggedOff = new Set<string>();
  private readonly reasonOf = new Map<string, string>();
  private readonly nameOf = new Map<string, string>();
  /** `state|queues` of the last agent.state sent */
  private readonly lastSent = new Map<string, string>();

  /** the agent's queues (Obzor ids), changed in place */
  queues(agentId: string): Set<string> {
    let q = this.queuesOf.get(agentId);
    if (!q) {
      q = new Set();
      this.queuesOf.set(agentId, q);
    }
    return q;
  }

  setQueues(agentId: string, queues: Set<string>): void {
    this.queuesOf.set(agentId, queues);
  }

  /** an unpause forgets the reason */
  setPaused(agentId: string, paused: boolean): void {
    this.pausedOf.set(agentId, paused);
    if (!paused) this.reasonOf.delete(agentId);
  }

  /** what a message says the pause is for (none, or nothing usable: no reason) */
  setPauseReason(agentId: string, raw: string | undefined): void {
    const r = boundedText(raw, PAUSE_REASON_MAX);
    if (r) this.reasonOf.set(agentId, r);
    else this.reasonOf.delete(agentId);
  }

  /** the member name a message gave, if it is a name (see memberNameOf); a message without one changes nothing */
  setName(agentId: string, raw: string | undefined): void {
    const n = memberNameOf(raw, agentId);
    if (n) this.nameOf.set(agentId, n);
  }

  setLoggedOff(agentId: string, loggedOff: boolean): void {
    if (loggedOff) this.loggedOff.add(agentId);
    else this.loggedOff.delete(agentId);
  }

  /** where the agent is when not on a call */
  baseState(agentId: string): AgentStateName {
    if (this.loggedOff.has(agentId)) return 'offline';
    return this.pausedOf.get(agentId) ? 'paused' : 'available';
  }

  /**
   * agent.state with the agent's queues (none when offline: an offline agent serves no queue),
   * its name when the PBX gave one, and the pause reason when paused
   */
  state(agentId: string, state: AgentStateName): AgentStateDraft {
    const qs = this.queuesOf.get(agentId);
    const queues = state !== 'offline' && qs?.size ? [...qs].sort().slice(0, MAX_QUEUES) : undefined;
    const name = this.nameOf.get(agentId);
    const reason = state === 'paused' ? this.reasonOf.get(agentId) : undefined;
    return { type: 'agent.state', agentId, state, ...(queues ? { queues } : {}), ...(name ? { name } : {}), ...(reason ? { reason } : {}) };
  }

  /** the same, remembered as sent; undefined when it repeats the last one sent for the agent */
  changedState(agentId: string, state: AgentStateName): AgentStateDraft | undefined {
    const d = this.state(agentId, state);
    const key = `${d.state}|${d.queues?.join(',') ?? ''}|${d.name ?? ''}|${d.reason ?? ''}`;
    if (this.lastSent.get(agentId) === key) return undefined;
    this.lastSent.set(agentId, key);
    return d;
  }

  /** the state last sent for the agent */
  lastSentState(agentId: string): AgentStateName | undefined {
    return this.lastSent.get(agentId)?.split('|')[0] as AgentStateName | undefined;
  }

  /** agents in a queue or with a state sent, in the order they became known */
  known(): Set<string> {
    return new Set([...this.queuesOf.keys(), ...this.lastSent.keys()]);
  }

  /** the PBX no longer has the agent: in no queue, and the next state is sent whatever the last was */
  gone(agentId: string): void {
    this.queuesOf.get(agentId)?.clear();
    this.lastSent.delete(agentId);
  }
}
