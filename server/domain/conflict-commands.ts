/**
 * The state machine of a manager's actions on an escalation (N13): which action is possible
 * in which state, and the event it becomes. Pure; the store applies the event only if the
 * conflict did not change meanwhile.
 */
import type { ConflictEvent, ObzorEvent } from '../../shared/events.js';
import type { ConflictAction } from '../../shared/conflicts.js';
import { conflictFacts, type ConflictFacts } from './conflict-fold.js';

/** Why an action cannot happen now (the HTTP layer decides what that is on the wire). */
export type RefusalReason = 'not_found' | 'resolved' | 'owned_by' | 'yours' | 'already_owner';

export interface Refusal {
  refused: string;
  reason: RefusalReason;
}

export interface CommandContext {
  site: string;
  conflictId: string;
  actor: string;
  eventId: string;
  now: number;
}

export function factsOf(events: readonly ObzorEvent[] | undefined): ConflictFacts | null {
  if (!events?.length) return null;
  const f = conflictFacts(events as ConflictEvent[]);
  return f.raisedAt === undefined && f.escalatedAt === undefined ? null : f;
}

export function decideConflictAction(f: ConflictFacts | null, action: ConflictAction, c: CommandContext): ObzorEvent | Refusal {
  if (!f) return { refused: `conflict ${c.conflictId} is not known at ${c.site}`, reason: 'not_found' };
  if (f.resolvedAt !== undefined) {
    return { refused: `conflict ${c.conflictId} is already resolved${f.resolvedBy ? ` by ${f.resolvedBy}` : ''} at ${new Date(f.resolvedAt).toISOString()}`, reason: 'resolved' };
  }
  const base = { id: c.eventId, at: new Date(c.now).toISOString(), site: c.site, conflictId: c.conflictId, actor: c.actor };
  switch (action.action) {
    case 'acknowledge':
      if (f.owner && f.owner !== c.actor) return { refused: `conflict ${c.conflictId} is already acknowledged by ${f.owner}`, reason: 'owned_by' };
      if (f.owner === c.actor) return { refused: `conflict ${c.conflictId} is already yours`, reason: 'yours' };
      return { ...base, type: 'conflict.acknowledged' };
    case 'note':
      return { ...base, type: 'conflict.noted', note: action.note };
    case 'reassign':
      if (f.owner === action.to) return { refused: `conflict ${c.conflictId} is already owned by ${action.to}`, reason: 'already_owner' };
      return { ...base, type: 'conflict.reassigned', to: action.to };
    case 'resolve':
      return { ...base, type: 'conflict.resolved', resolution: action.resolution };
  }
}
