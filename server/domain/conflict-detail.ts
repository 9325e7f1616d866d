/**
 * What the managers' console shows of one escalation (N13): its facts, its timeline of events,
 * how long it took to acknowledge and resolve. Pure; personal data only when `personal`.
 */
import { timeToAcknowledgeMs, timeToResolveMs } from '../../shared/conflict-alert.js';
import type { ConflictDetail, TimelineEntry } from '../../shared/conflicts.js';
import type { ConflictEvent, ObzorEvent } from '../../shared/events.js';
import { factsOf } from './conflict-commands.js';
import { atMs, inLifecycleOrder } from './event-order.js';

export function timeline(events: readonly ConflictEvent[]): TimelineEntry[] {
  return inLifecycleOrder(events).map((e) => {
    const entry: TimelineEntry = { at: atMs(e), type: e.type };
    if ('actor' in e && e.actor) entry.actor = e.actor;
    if (e.type === 'conflict.noted') entry.text = e.note;
    if (e.type === 'conflict.resolved') entry.text = e.resolution;
    if (e.type === 'conflict.raised') entry.actor = e.agentId;
    if (e.type === 'conflict.reassigned') entry.to = e.to;
    return entry;
  });
}

export function conflictDetail(site: string, record: { events: readonly ObzorEvent[] }, personal: boolean): ConflictDetail | null {
  const f = factsOf(record.events);
  if (!f) return null;
  const toAcknowledge = timeToAcknowledgeMs(f);
  const toResolve = timeToResolveMs(f);
  return {
    site,
    conflictId: f.conflictId,
    status: f.resolvedAt !== undefined ? 'resolved' : 'open',
    severity: f.severity,
    timeline: timeline(record.events as ConflictEvent[]),
    ...(f.agentId ? { agentId: f.agentId } : {}),
    ...(f.callId ? { callId: f.callId } : {}),
    ...(f.appealId ? { appealId: f.appealId } : {}),
    ...(personal && f.summary ? { summary: f.summary } : {}),
    ...(personal && f.client ? { client: f.client } : {}),
    ...(f.raisedAt !== undefined ? { raisedAt: f.raisedAt } : {}),
    ...(f.escalatedAt !== undefined ? { escalatedAt: f.escalatedAt } : {}),
    ...(f.acknowledgedAt !== undefined ? { acknowledgedAt: f.acknowledgedAt, acknowledgedBy: f.acknowledgedBy } : {}),
    ...(f.owner ? { owner: f.owner } : {}),
    ...(f.resolvedAt !== undefined ? { resolvedAt: f.resolvedAt, resolvedBy: f.resolvedBy, resolution: f.resolution } : {}),
    ...(toAcknowledge !== undefined ? { timeToAcknowledgeMs: toAcknowledge } : {}),
    ...(toResolve !== undefined ? { timeToResolveMs: toResolve } : {}),
  };
}

