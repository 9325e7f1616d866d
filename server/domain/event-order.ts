import type { ObzorEvent } from '../../shared/events.js';

/**
 * Ties between events with the same `at` are broken first by the source's own order
 * (`sourceSeq`: a queue_log line number, an AMI arrival sequence — events that carry one come
 * first, in that order), then by lifecycle rank (second-resolution senders often stamp
 * "offered" and "answered" alike), then by id, so folding is deterministic.
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
  'call.lost_called_back': 9,
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
  'incident.opened': 0,
  'incident.noted': 1,
  'incident.closed': 2,
};

export function atMs(e: { at: string }): number {
  return Date.parse(e.at);
}

const seqOf = (e: ObzorEvent) => e.sourceSeq ?? Number.MAX_SAFE_INTEGER + 1;

export function byLifecycle(a: ObzorEvent, b: ObzorEvent): number {
  return atMs(a) - atMs(b) || seqOf(a) - seqOf(b) || RANK[a.type] - RANK[b.type] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function inLifecycleOrder<E extends ObzorEvent>(events: readonly E[]): E[] {
  return [...events].sort(byLifecycle);
}
