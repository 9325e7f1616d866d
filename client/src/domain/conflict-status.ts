/**
 * N13: conflicts must not develop; an escalation reaches the supervisor at once and an
 * unacknowledged one must get louder. The wall shows how many are open, the age of the
 * oldest (counted from the escalation, or from when it was raised if not escalated), and
 * singles out the oldest one nobody has acknowledged yet — an escalation first, since that
 * is what the supervisor must act on; else the oldest unacknowledged conflict at all.
 */
import type { ConflictLive, SiteState } from '@shared/snapshot.js';
import { ackDeadlineMs, alertedAt, isPastAckDeadline } from '@shared/conflict-alert.js';
import type { Level } from './kpi-display.js';

/** A site's open conflicts with the norms that judge them. */
export interface SiteConflicts {
  site: string;
  conflicts: readonly ConflictLive[];
  norms: Pick<SiteState['norms'], 'conflictAckSeconds'>;
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
    return s.conflicts.map((c) => ({ site: s.site, c, overdue: isPastAckDeadline(c, deadlineMs, now) }));
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

/** The escalations nobody has accepted yet, oldest first: what takes the wall's band. */
export function unacceptedRows(summary: ConflictSummary): ConflictRow[] {
  return summary.rows.filter((r) => r.escalated && !r.acknowledged);
}

/** Red once an escalation waits past its acknowledgement deadline; amber while any conflict is open (no server KPI judges these). */
export function conflictLevel(open: number, overdueEscalations: number): Level {
  if (overdueEscalations > 0) return 'alarm';
  return open > 0 ? 'warn' : 'ok';
}
