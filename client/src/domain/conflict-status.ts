/**
 * N13: conflicts must not develop; an escalation reaches the supervisor at once and an
 * unacknowledged one must get louder. The wall shows how many are open, the age of the
 * oldest (counted from the escalation, or from when it was raised if not escalated), and
 * singles out the oldest one nobody has acknowledged yet — an escalation first, since that
 * is what the supervisor must act on; else the oldest unacknowledged conflict at all.
 */
import type { ConflictLive } from '@shared/snapshot.js';

/** N13 default (the sites file's `norms.conflictAckSeconds`): an escalation nobody acknowledged this long turns red and alerts again (and again each period) */
export const ACK_DEADLINE_MS = 5 * 60_000;

/** A site's open conflicts with the norms that judge them. */
export interface SiteConflicts {
  site: string;
  conflicts: readonly ConflictLive[];
  norms?: { conflictAckSeconds?: number | undefined };
}

/** The site's acknowledgement deadline. */
export function ackDeadlineMs(norms: SiteConflicts['norms']): number {
  return (norms?.conflictAckSeconds ?? ACK_DEADLINE_MS / 1000) * 1000;
}

/** When the supervisor was (or should have been) alerted. */
export function alertedAt(c: ConflictLive): number {
  return c.escalatedAt ?? c.raisedAt;
}

export function isEscalated(c: ConflictLive): boolean {
  return c.escalatedAt !== undefined;
}

export function isAcknowledged(c: ConflictLive): boolean {
  return c.acknowledgedAt !== undefined;
}

/** An escalation no manager has acknowledged: the loudest thing on the wall. */
export function isUnacknowledgedEscalation(c: ConflictLive): boolean {
  return isEscalated(c) && !isAcknowledged(c);
}

/** How long an escalation has waited for acknowledgement at `now`; undefined if not escalated or acknowledged. */
export function unacknowledgedForMs(c: ConflictLive, now: number): number | undefined {
  if (!isUnacknowledgedEscalation(c)) return undefined;
  return Math.max(0, now - c.escalatedAt!);
}

export function isPastDeadline(c: ConflictLive, deadlineMs: number, now: number): boolean {
  return (unacknowledgedForMs(c, now) ?? 0) >= deadlineMs;
}

/** A conflict as the wall lists it: no summary, no client, no operator id. */
export interface ConflictRow {
  site: string;
  conflictId: string;
  ageMs: number;
  severity: ConflictLive['severity'];
  escalated: boolean;
  acknowledged: boolean;
  /** an escalation unacknowledged past its site's deadline (N13): red */
  overdue: boolean;
  /** the oldest unacknowledged conflict on the wall: highlighted */
  loudest: boolean;
}

export interface ConflictSummary {
  open: number;
  escalated: number;
  /** escalations not yet acknowledged */
  unacknowledged: number;
  /** of those, past their site's acknowledgement deadline */
  overdue: number;
  /** age of the oldest open conflict, from `alertedAt`; undefined when none is open */
  oldestAgeMs: number | undefined;
  /** oldest first */
  rows: ConflictRow[];
}

export function summarizeConflicts(sites: readonly SiteConflicts[], now: number): ConflictSummary {
  const all = sites.flatMap((s) => {
    const deadlineMs = ackDeadlineMs(s.norms);
    return s.conflicts.map((c) => ({ site: s.site, c, overdue: isPastDeadline(c, deadlineMs, now) }));
  });
  all.sort((a, b) => alertedAt(a.c) - alertedAt(b.c) || a.c.conflictId.localeCompare(b.c.conflictId));
  const loudest = all.find((x) => isUnacknowledgedEscalation(x.c)) ?? all.find((x) => !isAcknowledged(x.c));
  const rows: ConflictRow[] = all.map(({ site, c, overdue }) => ({
    site,
    conflictId: c.conflictId,
    ageMs: Math.max(0, now - alertedAt(c)),
    severity: c.severity,
    escalated: isEscalated(c),
    acknowledged: isAcknowledged(c),
    overdue,
    loudest: loudest !== undefined && loudest.c === c,
  }));
  return {
    open: all.length,
    escalated: all.filter((x) => isEscalated(x.c)).length,
    unacknowledged: all.filter((x) => isUnacknowledgedEscalation(x.c)).length,
    overdue: all.filter((x) => x.overdue).length,
    oldestAgeMs: rows[0]?.ageMs,
    rows,
  };
}
