/**
 * The state machine of a manager's actions on an escalation (N13): which action is possible
 * in which state, and the event it becomes. Pure; the store applies the event only if the
 * conflict did not change meanwhile.
 */
import type { ConflictEvent, ObzorEvent } from '../../shared/events.js';
import type { ConflictAction } from '../../shared/conflicts.js';
import { conflictFacts, type ConflictFacts } from './conflict-fold.js';

export interface Refusal {
  refused: string;
  status: 404 | 409;
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
  if (!f) return { refused: `conflict ${c.conflictId} is not known at ${c.site}`, status: 404 };
  if (f.resolvedAt !== undefined) {
    return { refused: `conflict ${c.conflictId} is already resolved${f.resolvedBy ? ` by ${f.resolvedBy}` : ''} at ${new Date(f.resolvedAt).toISOString()}`, status: 409 };
  }
  const base = { id: c.eventId, at: new Date(c.now).toISOString(), site: c.site, conflictId: c.conflictId, actor: c.actor };
  switch (action.action) {
    case 'acknowledge':
      if (f.owner && f.owner !== c.actor) return { refused: `conflict ${c.conflictId} is already acknowledged by ${f.owner}`, status: 409 };
      if (f.owner === c.actor) return { refused: `conflict ${c.conflictId} is already yours`, status: 409 };
      return { ...base, type: 'conflict.acknowledged' };
    case 'note':
      return { ...base, type: 'conflict.noted', note: action.note };
    case 'reassign':
      if (f.owner === action.to) return { refused: `conflict ${c.conflictId} is already owned by ${action.to}`, status: 409 };
      return { ...base, type: 'conflict.reassigned', to: action.to };
    case 'resolve':
      return { ...base, type: 'conflict.resolved', resolution: action.resolution };
  }
}
