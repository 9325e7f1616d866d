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

export function deriveAgent(events: readonly AgentEvent[]): Derived {
  const e = latestAgentEvent(events);
  const d = new DerivedBuilder();
  const live: AgentLive = { agentId: e.agentId, state: e.state, since: atMs(e), ...(e.queues ? { queues: e.queues } : {}) };
  d.show('agents', e.agentId, live);
  return d.build(false);
}
