/**
 * N13 in the managers' console: which open conflicts come first, when an escalation is new
 * (a visual alert and a sound), when one waited too long for acknowledgement (red, alerted
 * again each deadline period), and today's figures. Pure.
 */
import type { ResolvedConflict } from '@shared/conflicts.js';
import type { ConflictLive } from '@shared/snapshot.js';
import { ackDeadlineMs, alertedAt, isPastAckDeadline, timeToAcknowledgeMs, unacknowledgedForMs } from '@shared/conflict-alert.js';
import { siteKey } from '@shared/site-key.js';
import { isAcknowledged, isEscalated, type SiteConflicts } from './conflict-status.js';
import { isSameLocalDay } from './local-day.js';

export { unacknowledgedForMs };

export interface OpenConflict extends ConflictLive {
  site: string;
  /** `site/conflictId`, unique across sites (shared/site-key.ts) */
  key: string;
  /** the site's acknowledgement deadline */
  ackDeadlineMs: number;
}

export function openConflicts(sites: readonly SiteConflicts[]): OpenConflict[] {
  return sites.flatMap((s) => s.conflicts.map((c) => ({ ...c, site: s.site, key: siteKey(s.site, c.conflictId), ackDeadlineMs: ackDeadlineMs(s.norms) })));
}

/** Unacknowledged first, high severity first, then the oldest (by when the manager was alerted). */
export function compareUrgency(a: OpenConflict, b: OpenConflict): number {
  return (
    Number(isAcknowledged(a)) - Number(isAcknowledged(b)) ||
    Number(b.severity === 'high') - Number(a.severity === 'high') ||
    alertedAt(a) - alertedAt(b) ||
    a.key.localeCompare(b.key)
  );
}

export function byUrgency(list: readonly OpenConflict[]): OpenConflict[] {
  return [...list].sort(compareUrgency);
}

export function isOverdue(c: OpenConflict, now: number): boolean {
  return isPastAckDeadline(c, c.ackDeadlineMs, now);
}

/** 0 before the deadline, 1 from one deadline on, 2 from two …: a new stage is a new alert. */
export function overdueStage(c: OpenConflict, now: number): number {
  const ms = unacknowledgedForMs(c, now);
  return ms === undefined ? 0 : Math.floor(ms / c.ackDeadlineMs);
}

/** Minutes an escalation at `stage` has waited, for the alert's words. */
export function overdueMinutes(c: OpenConflict, stage: number): number {
  return Math.max(1, stage) * Math.round(c.ackDeadlineMs / 60_000);
}

/** Keys of the open escalations. */
export function escalatedKeys(list: readonly OpenConflict[]): Set<string> {
  return new Set(list.filter(isEscalated).map((c) => c.key));
}

/** Escalations in `list` that were not escalated in `before` (new conflicts or newly escalated ones). */
export function newlyEscalated(before: ReadonlySet<string>, list: readonly OpenConflict[]): OpenConflict[] {
  return list.filter((c) => isEscalated(c) && !before.has(c.key));
}

export interface DailyFigures {
  /** conflicts raised today (site-local days) */
  raised: number;
  /** conflicts acknowledged today, open or since resolved */
  acknowledged: number;
  resolved: number;
  /** from escalation (or raise) to acknowledgement, of those acknowledged today */
  medianAckMs: number | null;
  avgAckMs: number | null;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface DailyInput {
  sites: readonly { site: string; timeZone: string; today: { conflictsRaised: number }; conflicts: readonly ConflictLive[] }[];
  resolved: readonly ResolvedConflict[];
  now: number;
}

export function dailyFigures({ sites, resolved, now }: DailyInput): DailyFigures {
  const zoneOf = new Map(sites.map((s) => [s.site, s.timeZone]));
  const today = (site: string, at: number | undefined) => at !== undefined && zoneOf.has(site) && isSameLocalDay(at, now, zoneOf.get(site)!);
  const ackMs = new Map<string, number>();
  for (const s of sites) {
    for (const c of s.conflicts) {
      if (today(s.site, c.acknowledgedAt)) ackMs.set(siteKey(s.site, c.conflictId), timeToAcknowledgeMs(c)!);
    }
  }
  let resolvedToday = 0;
  for (const r of resolved) {
    if (!zoneOf.has(r.site)) continue;
    if (today(r.site, r.resolvedAt)) resolvedToday++;
    if (today(r.site, r.acknowledgedAt)) ackMs.set(siteKey(r.site, r.conflictId), r.timeToAcknowledgeMs ?? timeToAcknowledgeMs(r)!);
  }
  const waits = [...ackMs.values()];
  return {
    raised: sites.reduce((n, s) => n + s.today.conflictsRaised, 0),
    acknowledged: waits.length,
    resolved: resolvedToday,
    medianAckMs: median(waits),
    avgAckMs: waits.length ? waits.reduce((a, b) => a + b, 0) / waits.length : null,
  };
}
