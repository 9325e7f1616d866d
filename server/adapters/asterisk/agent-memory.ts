/**
 * What both Asterisk mappers remember of each agent, because most messages tell only part of
 * it: the queues the agent is in, paused or not, logged off or not (queue_log's AGENTLOGOFF),
 * and the last state sent, so a message that repeats it (AMI sends one QueueMemberStatus per
 * queue) does not send it again.
 */
import type { AgentStateName } from '../../../shared/events.js';
import type { Draft } from './event-drafts.js';

export type AgentStateDraft = Extract<Draft, { type: 'agent.state' }>;

/** the contract allows at most 100 queues on an agent.state */
const MAX_QUEUES = 100;

export class AgentMemory {
  private readonly queuesOf = new Map<string, Set<string>>();
  private readonly pausedOf = new Map<string, boolean>();
  private readonly loggedOff = new Set<string>();
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

  setPaused(agentId: string, paused: boolean): void {
    this.pausedOf.set(agentId, paused);
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

  /** agent.state with the agent's queues (none when offline: an offline agent serves no queue) */
  state(agentId: string, state: AgentStateName): AgentStateDraft {
    const qs = this.queuesOf.get(agentId);
    const queues = state !== 'offline' && qs?.size ? [...qs].sort().slice(0, MAX_QUEUES) : undefined;
    return { type: 'agent.state', agentId, state, ...(queues ? { queues } : {}) };
  }

  /** the same, remembered as sent; undefined when it repeats the last one sent for the agent */
  changedState(agentId: string, state: AgentStateName): AgentStateDraft | undefined {
    const d = this.state(agentId, state);
    const key = `${d.state}|${d.queues?.join(',') ?? ''}`;
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
