/**
 * Which entity an event belongs to, and how an entity's events become its contribution.
 * The store keeps one record per entity; this module is all it needs to know of the domain.
 */
import type { AgentEvent, AppealEvent, CallEvent, ConflictEvent, IncidentEvent, ObzorEvent } from '../../shared/events.js';
import { deriveAgent, retainedAgentEvents } from './agent-fold.js';
import { deriveAppeal } from './appeal-fold.js';
import { deriveCall } from './call-fold.js';
import { deriveConflict } from './conflict-fold.js';
import type { Derived } from './derived.js';
import { deriveIncident } from './incident-fold.js';
import type { SiteConfig } from './sites.js';

export type EntityKind = 'call' | 'appeal' | 'conflict' | 'agent' | 'incident';

export interface EntityRef {
  kind: EntityKind;
  id: string;
}

export function entityOf(e: ObzorEvent): EntityRef {
  // the type's prefix names the entity; a conflict may also mention a call or an appeal
  const prefix = e.type.slice(0, e.type.indexOf('.'));
  switch (prefix) {
    case 'call':
      return { kind: 'call', id: (e as CallEvent).callId };
    case 'appeal':
      return { kind: 'appeal', id: (e as AppealEvent).appealId };
    case 'conflict':
      return { kind: 'conflict', id: (e as ConflictEvent).conflictId };
    case 'agent':
      return { kind: 'agent', id: (e as AgentEvent).agentId };
    case 'incident':
      return { kind: 'incident', id: (e as IncidentEvent).incidentId };
  }
  throw new Error(`no entity for event type ${e.type}`);
}

export function deriveEntity(kind: EntityKind, events: readonly ObzorEvent[], site: SiteConfig): Derived {
  switch (kind) {
    case 'call':
      return deriveCall(events as CallEvent[], site.norms, site);
    case 'appeal':
      return deriveAppeal(events as AppealEvent[], site.norms, site.timeZone);
    case 'conflict':
      return deriveConflict(events as ConflictEvent[]);
    case 'agent':
      return deriveAgent(events as AgentEvent[]);
    case 'incident':
      return deriveIncident(events as IncidentEvent[]);
  }
}

/**
 * How much one entity may hold. A call, appeal or conflict with more events than this is a
 * sender in a loop (or an attacker): refusing its further events keeps every read of it — the
 * fold on each event, the console's detail — small. Agents keep only their latest event (and their latest named one).
 */
export const ENTITY_LIMITS = { events: 1000, recordChars: 1024 * 1024 } as const;

/** Agents report state forever: keeping only the last two reports (with the latest name) bounds their record. */
export function retainEvents(kind: EntityKind, events: ObzorEvent[]): ObzorEvent[] {
  return kind === 'agent' ? retainedAgentEvents(events as AgentEvent[]) : events;
}

/**
 * One step of the store: the entity's record after `fresh` (its kept events and their
 * contribution) and the contribution the change of the counters is taken against. They are the
 * same but for agents: the record keeps their last two reports, so an interval between reports
 * it drops is settled — counted when its end came (its share is in `counted`, never again in a
 * record, so no later step takes it back). A report older than every kept one is history only:
 * it changes no interval (what lay around it is gone).
 */
export function foldEntity(kind: EntityKind, before: readonly ObzorEvent[], fresh: readonly ObzorEvent[], site: SiteConfig): { events: ObzorEvent[]; derived: Derived; counted: Derived } {
  const all = [...before, ...fresh];
  const events = retainEvents(kind, all);
  const derived = deriveEntity(kind, events, site);
  if (kind !== 'agent' || before.length === 0) return { events, derived, counted: kind === 'agent' ? deriveEntity(kind, all, site) : derived };
  const first = Math.min(...before.map((e) => Date.parse(e.at)));
  const known = [...before, ...fresh.filter((e) => Date.parse(e.at) >= first)];
  return { events, derived, counted: { ...derived, counters: deriveAgent(known as AgentEvent[]).counters } };
}
