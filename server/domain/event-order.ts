import type { ObzorEvent } from '../../shared/events.js';

/**
 * Lifecycle rank breaks ties between events with the same `at` (second-resolution
 * senders often stamp "offered" and "answered" alike), so folding is deterministic.
 */
const RANK: Record<ObzorEvent['type'], number> = {
  'call.queued': 0,
  'call.offered': 1,
  'call.ring_no_answer': 2,
  'call.answered': 3,
  'call.connected': 4,
  'call.callback_promised': 5,
  'call.abandoned': 6,
  'call.ended': 7,
  'call.callback_completed': 8,
  'appeal.registered': 0,
  'appeal.callback_scheduled': 1,
  'appeal.callback_attempted': 2,
  'appeal.answered': 3,
  'appeal.rejected': 3,
  'conflict.raised': 0,
  'conflict.escalated': 1,
  'conflict.acknowledged': 2,
  'conflict.reassigned': 3,
  'conflict.noted': 3,
  'conflict.resolved': 4,
  'agent.state': 0,
};

export function atMs(e: { at: string }): number {
  return Date.parse(e.at);
}

export function byLifecycle(a: ObzorEvent, b: ObzorEvent): number {
  return atMs(a) - atMs(b) || RANK[a.type] - RANK[b.type] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function inLifecycleOrder<E extends ObzorEvent>(events: readonly E[]): E[] {
  return [...events].sort(byLifecycle);
}
