/**
 * Issue 16: what a manager may do with an incident from the console (open one, note it, close
 * it), as the routes of shared/api.ts receive it; each becomes an `incident.*` event of the same
 * ingest path a CRM or an outage system posts to.
 */
import { z } from 'zod';
import { EntityId, INCIDENT_NOTE_MAX, INCIDENT_TITLE_MAX, stripBidiControls } from './events.js';
import type { IncidentLive } from './snapshot.js';

/** text a wall will show: bidi controls removed and trimmed before the length checks */
const Text = (max: number) => z.string().overwrite((s) => stripBidiControls(s).trim()).min(1).max(max);

export const IncidentOpenRequest = z
  .object({
    kind: z.enum(['outage', 'surge', 'other']),
    title: Text(INCIDENT_TITLE_MAX),
    queue: EntityId.optional(),
  })
  .strict();
export type IncidentOpenRequest = z.infer<typeof IncidentOpenRequest>;

export const IncidentAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('note'), note: Text(INCIDENT_NOTE_MAX) }).strict(),
  z.object({ action: z.literal('close') }).strict(),
]);
export type IncidentAction = z.infer<typeof IncidentAction>;
export type IncidentActionName = IncidentAction['action'];

/** what the routes answer: applied now, or a retry of one applied (same Idempotency-Key); the incident as it stands (null once closed) */
export interface IncidentActionResponse {
  status: 'applied' | 'duplicate';
  site: string;
  incidentId: string;
  incident: IncidentLive | null;
}
