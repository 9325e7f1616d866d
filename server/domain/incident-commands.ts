/**
 * Which incident action is possible when (issue 16), and the event it becomes. Pure; the store
 * applies the event only if the incident did not change meanwhile.
 */
import type { IncidentEvent, ObzorEvent } from '../../shared/events.js';
import type { IncidentAction, IncidentOpenRequest } from '../../shared/incidents.js';
import { incidentFacts } from './incident-fold.js';

export type IncidentRefusalReason = 'not_found' | 'closed' | 'exists';
export interface IncidentRefusal {
  refused: string;
  reason: IncidentRefusalReason;
}

export interface IncidentContext {
  site: string;
  incidentId: string;
  actor: string;
  eventId: string;
  now: number;
}

const base = (c: IncidentContext) => ({ id: c.eventId, at: new Date(c.now).toISOString(), site: c.site, incidentId: c.incidentId, actor: c.actor });

export function decideIncidentOpen(events: readonly ObzorEvent[] | undefined, open: IncidentOpenRequest & { ratio?: number; windowMin?: number }, c: IncidentContext): ObzorEvent | IncidentRefusal {
  if (events?.length) return { refused: `incident ${c.incidentId} already exists at ${c.site}`, reason: 'exists' };
  return { ...base(c), type: 'incident.opened', ...open };
}

export function decideIncidentAction(events: readonly ObzorEvent[] | undefined, action: IncidentAction, c: IncidentContext): ObzorEvent | IncidentRefusal {
  const f = events?.length ? incidentFacts(events as IncidentEvent[]) : undefined;
  if (!f?.live && f?.closedAt === undefined) return { refused: `incident ${c.incidentId} is not known at ${c.site}`, reason: 'not_found' };
  if (f.closedAt !== undefined) return { refused: `incident ${c.incidentId} is already closed${f.closedBy ? ` by ${f.closedBy}` : ''} at ${new Date(f.closedAt).toISOString()}`, reason: 'closed' };
  return action.action === 'note' ? { ...base(c), type: 'incident.noted', note: action.note } : { ...base(c), type: 'incident.closed' };
}
