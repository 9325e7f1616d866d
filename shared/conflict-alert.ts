/**
 * N13: conflicts must not develop. An escalation reaches the supervisor at once and must be
 * acknowledged within the site's `norms.conflictAckSeconds`; past that it turns red and alerts
 * again each period. When the supervisor was alerted is the escalation, or the raise for a
 * conflict never escalated: the server measures the time to acknowledge from it and the
 * screens age and order conflicts by it; the time to resolve runs from the raise.
 * No zod here: the client imports it.
 */
import type { SiteState } from './snapshot.js';

interface ConflictTimes {
  raisedAt?: number | undefined;
  escalatedAt?: number | undefined;
  acknowledgedAt?: number | undefined;
  resolvedAt?: number | undefined;
}

/** When the supervisor was (or should have been) alerted. */
export function alertedAt(c: ConflictTimes & { raisedAt: number }): number;
export function alertedAt(c: ConflictTimes): number | undefined;
export function alertedAt(c: ConflictTimes): number | undefined {
  return c.escalatedAt ?? c.raisedAt;
}

/** When the conflict began: its raise, or its escalation if the raise has not arrived. */
export function openedAt(c: ConflictTimes): number | undefined {
  return c.raisedAt ?? c.escalatedAt;
}

/** From the beginning to the resolution; undefined until both are known. */
export function timeToResolveMs(c: ConflictTimes): number | undefined {
  const opened = openedAt(c);
  return c.resolvedAt === undefined || opened === undefined ? undefined : Math.max(0, c.resolvedAt - opened);
}

/** From the alert to the acknowledgement; undefined until both are known. */
export function timeToAcknowledgeMs(c: ConflictTimes): number | undefined {
  const alerted = alertedAt(c);
  return c.acknowledgedAt === undefined || alerted === undefined ? undefined : Math.max(0, c.acknowledgedAt - alerted);
}

/** The site's acknowledgement deadline. */
export function ackDeadlineMs(norms: Pick<SiteState['norms'], 'conflictAckSeconds'>): number {
  return norms.conflictAckSeconds * 1000;
}

/** How long an escalation has waited for acknowledgement at `now`; undefined if not escalated or acknowledged. */
export function unacknowledgedForMs(c: ConflictTimes, now: number): number | undefined {
  if (c.escalatedAt === undefined || c.acknowledgedAt !== undefined) return undefined;
  return Math.max(0, now - c.escalatedAt);
}

/** An escalation left unacknowledged for the whole deadline (or longer) at `now`. */
export function isPastAckDeadline(c: ConflictTimes, deadlineMs: number, now: number): boolean {
  return (unacknowledgedForMs(c, now) ?? 0) >= deadlineMs;
}
