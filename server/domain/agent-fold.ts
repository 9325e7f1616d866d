import type { AgentEvent } from '../../shared/events.js';
import type { AgentLive } from '../../shared/snapshot.js';
import { DerivedBuilder, type Derived } from './derived.js';
import { atMs, inLifecycleOrder } from './event-order.js';

/** An agent's state is its latest reported state; older reports are history only. */
export function latestAgentEvent(events: readonly AgentEvent[]): AgentEvent {
  const last = inLifecycleOrder(events).at(-1);
  if (!last) throw new Error('an agent needs at least one event');
  return last;
}

/** the last of these (in lifecycle order) that names the operator */
const latestNamed = (ordered: readonly AgentEvent[]) => ordered.filter((x) => x.name !== undefined).at(-1);

/**
 * What an agent's record keeps: its latest report, and the latest one that named the operator
 * if that is an older one — at most two events, and the fold below gives the same entry from
 * them as from all the reports ever made.
 */
export function retainedAgentEvents(events: readonly AgentEvent[]): AgentEvent[] {
  const ordered = inLifecycleOrder(events);
  const last = ordered.at(-1);
  if (!last) throw new Error('an agent needs at least one event');
  const named = latestNamed(ordered);
  return named && named !== last ? [named, last] : [last];
}

/**
 * The agent's live entry: the latest state (its queues, and its pause reason when paused), and
 * the latest name any report gave — a sender may name the operator only now and then (the AMI
 * member events do, a queue_log line may not). A function of the set of events, as every fold.
 */
export function agentLive(events: readonly AgentEvent[]): AgentLive {
  const ordered = inLifecycleOrder(events);
  const e = ordered.at(-1);
  if (!e) throw new Error('an agent needs at least one event');
  const name = latestNamed(ordered)?.name;
  return {
    agentId: e.agentId,
    state: e.state,
    since: atMs(e),
    ...(e.queues ? { queues: e.queues } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(e.state === 'paused' && e.reason !== undefined ? { reason: e.reason } : {}),
  };
}

export function deriveAgent(events: readonly AgentEvent[]): Derived {
  const live = agentLive(events);
  const d = new DerivedBuilder();
  d.show('agents', live.agentId, live);
  return d.build(false);
}
