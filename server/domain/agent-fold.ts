import type { AgentEvent } from '../../shared/events.js';
import type { AgentLive } from '../../shared/snapshot.js';
import { bucketOf } from '../../shared/buckets.js';
import { agentCounterField } from '../../shared/counters.js';
import { NO_PAUSE_REASON } from '../../shared/operator-report.js';
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
 * What an agent's record keeps: its last two reports (the interval between them is the one the
 * next report may still correct, issue 17), the latest name any report gave carried on the older
 * of them — at most two events, and the fold below gives the same entry from them as from all the
 * reports ever made. The intervals between the reports it drops are settled (entities.ts).
 */
export function retainedAgentEvents(events: readonly AgentEvent[]): AgentEvent[] {
  const ordered = inLifecycleOrder(events);
  if (!ordered.length) throw new Error('an agent needs at least one event');
  const kept = ordered.slice(-2);
  const named = latestNamed(ordered);
  if (named && !kept.includes(named)) kept[0] = { ...kept[0]!, name: named.name! };
  return kept;
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

/** a wrap_up or pause longer than this is a report that never came (a feed away, a shift left without logging off), not work: not counted */
export const STATE_INTERVAL_MAX_MS = 12 * 3_600_000;

/**
 * Issue 17: after-call work and pauses, from the intervals between consecutive reports. A wrap_up
 * or pause counts its ms in the 15-minute interval where it ends (the next report); a report of
 * the same state (and reason) in between splits it there, and the state counts once (`acwN`,
 * `pauseN`), when it finally ends. Pauses per reason. A function of the set of events.
 */
export function agentIntervals(d: DerivedBuilder, ordered: readonly AgentEvent[]): void {
  for (let i = 0; i + 1 < ordered.length; i++) {
    const a = ordered[i]!;
    const b = ordered[i + 1]!;
    if (a.state !== 'wrap_up' && a.state !== 'paused') continue;
    const ms = atMs(b) - atMs(a);
    if (ms <= 0 || ms > STATE_INTERVAL_MAX_MS) continue;
    const bucket = bucketOf(atMs(b));
    const ends = b.state !== a.state || b.reason !== a.reason;
    if (a.state === 'wrap_up') {
      d.count(bucket, agentCounterField(a.agentId, 'acwSumMs'), ms);
      if (ends) d.count(bucket, agentCounterField(a.agentId, 'acwN'));
    } else {
      const reason = a.reason ?? NO_PAUSE_REASON;
      d.count(bucket, agentCounterField(a.agentId, 'pauseMs', reason), ms);
      if (ends) d.count(bucket, agentCounterField(a.agentId, 'pauseN', reason));
    }
  }
}

export function deriveAgent(events: readonly AgentEvent[]): Derived {
  const live = agentLive(events);
  const d = new DerivedBuilder();
  d.show('agents', live.agentId, live);
  agentIntervals(d, inLifecycleOrder(events));
  return d.build(false);
}
