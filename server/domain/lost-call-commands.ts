/**
 * Issue 16: marking a lost caller called back — whether the call has an open "to call back"
 * entry, and the event the mark becomes. Pure; the store applies the event only if the call
 * did not change meanwhile (server/ingest/ingest-service.ts `command`).
 */
import type { CallEvent, LostCallOutcome, ObzorEvent } from '../../shared/events.js';
import { callFacts } from './call-fold.js';

export type LostCallRefusalReason = 'not_found' | 'closed';

export interface LostCallRefusal {
  refused: string;
  reason: LostCallRefusalReason;
}

export interface LostCallContext {
  site: string;
  callId: string;
  actor: string;
  eventId: string;
  now: number;
  shortAbandonSeconds: number;
}

/** whole seconds of the clock, as the fold compares a wait with the short-abandon limit */
const waitSeconds = (from: number, to: number) => Math.max(0, Math.floor(to / 1000) - Math.floor(from / 1000));

export function decideLostCallBack(events: readonly ObzorEvent[] | undefined, outcome: LostCallOutcome, c: LostCallContext): ObzorEvent | LostCallRefusal {
  const notFound = { refused: `call ${c.callId} is not a lost call to call back at ${c.site}`, reason: 'not_found' as const };
  if (!events?.length) return notFound;
  const f = callFacts(events as CallEvent[]);
  if (f.abandonedAt === undefined || waitSeconds(f.queuedAt ?? f.firstAt, f.abandonedAt) < c.shortAbandonSeconds) return notFound;
  if (f.lostClosed) return { refused: `call ${c.callId} was already marked ${f.lostClosed.outcome} at ${new Date(f.lostClosed.at).toISOString()}`, reason: 'closed' };
  return { id: c.eventId, at: new Date(c.now).toISOString(), site: c.site, type: 'call.lost_called_back', callId: c.callId, outcome, actor: c.actor };
}
