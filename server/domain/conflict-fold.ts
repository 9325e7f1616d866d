/**
 * A conflict's contribution (N13): open escalations with who owns them, and the times to
 * acknowledge and to resolve, as a pure function of the set of its events.
 */
import type { ClientData, ConflictEvent } from '../../shared/events.js';
import type { ResolvedConflict } from '../../shared/conflicts.js';
import type { ConflictLive } from '../../shared/snapshot.js';
import { bucketOf } from '../../shared/buckets.js';
import { openedAt, timeToAcknowledgeMs, timeToResolveMs } from '../../shared/conflict-alert.js';
import { conflictCounterField, type ConflictCounter } from '../../shared/counters.js';
import { DerivedBuilder, type Derived } from './derived.js';
import { atMs, inLifecycleOrder } from './event-order.js';

export interface ConflictFacts {
  conflictId: string;
  firstAt: number;
  agentId?: string;
  callId?: string;
  appealId?: string;
  summary?: string;
  severity: 'normal' | 'high';
  client?: ClientData;
  raisedAt?: number;
  escalatedAt?: number;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
  owner?: string;
  resolvedAt?: number;
  resolvedBy?: string;
  resolution?: string;
  /** the latest event of any kind (a note too): screens showing the detail re-read it when this moves */
  updatedAt: number;
}

export function conflictFacts(events: readonly ConflictEvent[]): ConflictFacts {
  const sorted = inLifecycleOrder(events);
  const first = sorted[0];
  if (!first) throw new Error('conflictFacts needs at least one event');
  const f: ConflictFacts = { conflictId: first.conflictId, firstAt: atMs(first), severity: 'normal', updatedAt: atMs(first) };
  for (const e of sorted) {
    const t = atMs(e);
    f.updatedAt = Math.max(f.updatedAt, t);
    if (e.client) f.client = { ...f.client, ...e.client };
    switch (e.type) {
      case 'conflict.raised':
        if (f.raisedAt !== undefined) break;
        f.raisedAt = t;
        f.agentId = e.agentId;
        f.callId = e.callId;
        f.appealId = e.appealId;
        f.summary = e.summary;
        f.severity = e.severity ?? 'normal';
        break;
      case 'conflict.escalated':
        f.escalatedAt ??= t;
        break;
      case 'conflict.acknowledged':
        if (f.acknowledgedAt !== undefined) break;
        f.acknowledgedAt = t;
        f.acknowledgedBy = e.actor;
        f.owner = e.actor;
        break;
      case 'conflict.reassigned':
        f.owner = e.to;
        break;
      case 'conflict.noted':
        break;
      case 'conflict.resolved':
        if (f.resolvedAt !== undefined) break;
        f.resolvedAt = t;
        f.resolution = e.resolution;
        f.resolvedBy = e.actor;
        break;
    }
  }
  return f;
}

export function deriveConflict(events: readonly ConflictEvent[]): Derived {
  const f = conflictFacts(events);
  const d = new DerivedBuilder();
  // a conflict whose raise and escalation have not arrived yet is placed by its first event
  const opened = openedAt(f) ?? f.firstAt;
  const bucket = bucketOf(opened);
  const c = (counter: ConflictCounter, by = 1) => d.count(bucket, conflictCounterField(counter), by);
  if (f.raisedAt !== undefined) c('conflictsRaised');
  if (f.escalatedAt !== undefined) c('escalated');
  const toAcknowledge = timeToAcknowledgeMs(f);
  if (toAcknowledge !== undefined) {
    c('ackSumMs', toAcknowledge);
    c('ackN');
  }
  if (f.resolvedAt !== undefined) {
    c('resolved');
    const toResolve = timeToResolveMs(f) ?? Math.max(0, f.resolvedAt - opened);
    c('resolveSumMs', toResolve);
    c('resolveN');
    // the console's history; a few a day, so it is kept (docs/operations.md)
    const resolved: Omit<ResolvedConflict, 'site'> = {
      conflictId: f.conflictId,
      severity: f.severity,
      raisedAt: opened,
      resolvedAt: f.resolvedAt,
      timeToResolveMs: toResolve,
      ...(f.agentId ? { agentId: f.agentId } : {}),
      ...(f.escalatedAt !== undefined ? { escalatedAt: f.escalatedAt } : {}),
      ...(f.acknowledgedAt !== undefined ? { acknowledgedAt: f.acknowledgedAt, ...(f.acknowledgedBy ? { acknowledgedBy: f.acknowledgedBy } : {}) } : {}),
      ...(toAcknowledge !== undefined ? { timeToAcknowledgeMs: toAcknowledge } : {}),
      ...(f.resolvedBy ? { resolvedBy: f.resolvedBy } : {}),
    };
    d.show('conflictsResolved', f.conflictId, resolved);
  } else if (f.agentId !== undefined) {
    const live: ConflictLive = {
      conflictId: f.conflictId,
      agentId: f.agentId,
      severity: f.severity,
      raisedAt: f.raisedAt ?? opened,
      updatedAt: f.updatedAt,
      ...(f.escalatedAt !== undefined ? { escalatedAt: f.escalatedAt } : {}),
      ...(f.acknowledgedAt !== undefined ? { acknowledgedAt: f.acknowledgedAt } : {}),
      ...(f.owner ? { owner: f.owner } : {}),
      ...(f.callId ? { callId: f.callId } : {}),
      ...(f.appealId ? { appealId: f.appealId } : {}),
      ...(f.summary ? { summary: f.summary } : {}),
      ...(f.client ? { client: f.client } : {}),
    };
    d.show('conflicts', f.conflictId, live);
  }
  return d.build(f.resolvedAt !== undefined);
}
