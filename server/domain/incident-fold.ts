/**
 * An incident's contribution (issue 16): open, it is an entry of the site's `incidents` table
 * that every wall and console shows as a banner with its newest note; closed, it leaves it.
 * A pure function of the set of its events, like every fold.
 */
import type { IncidentEvent } from '../../shared/events.js';
import type { IncidentLive } from '../../shared/snapshot.js';
import { DerivedBuilder, type Derived } from './derived.js';
import { atMs, inLifecycleOrder } from './event-order.js';

/** the notes a screen gets (newest first); the record keeps them all */
export const INCIDENT_NOTES_SHOWN = 5;

export interface IncidentFacts {
  live?: IncidentLive;
  closedAt?: number;
  closedBy?: string;
}

export function incidentFacts(events: readonly IncidentEvent[]): IncidentFacts {
  const sorted = inLifecycleOrder(events);
  const opened = sorted.find((e) => e.type === 'incident.opened');
  const closed = sorted.find((e) => e.type === 'incident.closed');
  const out: IncidentFacts = closed ? { closedAt: atMs(closed), ...(closed.actor ? { closedBy: closed.actor } : {}) } : {};
  // notes before the opening arrive first when a sender's clocks differ: they wait for it
  if (!opened || opened.type !== 'incident.opened') return out;
  const notes = sorted
    .filter((e) => e.type === 'incident.noted')
    .map((e) => ({ at: atMs(e), note: e.note, ...(e.actor ? { by: e.actor } : {}) }))
    .reverse();
  out.live = {
    incidentId: opened.incidentId,
    kind: opened.kind,
    title: opened.title,
    ...(opened.queue !== undefined ? { queue: opened.queue } : {}),
    ...(opened.ratio !== undefined ? { ratio: opened.ratio } : {}),
    ...(opened.windowMin !== undefined ? { windowMin: opened.windowMin } : {}),
    openedAt: atMs(opened),
    ...(opened.actor ? { openedBy: opened.actor } : {}),
    notes: notes.slice(0, INCIDENT_NOTES_SHOWN),
    updatedAt: Math.max(...sorted.map(atMs)),
  };
  return out;
}

export function deriveIncident(events: readonly IncidentEvent[]): Derived {
  const f = incidentFacts(events);
  const d = new DerivedBuilder();
  if (f.live && f.closedAt === undefined) d.show('incidents', f.live.incidentId, f.live);
  return d.build(f.closedAt !== undefined);
}
