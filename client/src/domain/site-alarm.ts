/**
 * What is worst at one site right now, for the strip of a multi-site wall and the "at other
 * sites" alarm while rotating: the level and the norm that slips, in this order of urgency
 * when levels tie — an escalation nobody accepted (N13), calls ringing past the limit (N1), a
 * caller waiting too long, overdue callbacks (N4) and appeals (N10), then the day's N1 share
 * and N2 average. Every level is the server's KPI status, re-judged on the ticking clock.
 */
import type { Kpi } from '@shared/kpi.js';
import { kpiAt } from '@shared/kpi-rules.js';
import type { SiteState } from '@shared/snapshot.js';
import { bucketAppeals } from './appeal-buckets.js';
import { bucketCallbacks } from './callback-buckets.js';
import { summarizeConflicts, unacceptedRows } from './conflict-status.js';
import { levelOf, worstLevel, type Level } from './kpi-display.js';
import { queueRows } from './queue-rows.js';
import { lateRings } from './ring-status.js';

export type SiteIssue =
  | { kind: 'escalation'; count: number; ageMs: number }
  | { kind: 'rings'; count: number }
  | { kind: 'wait'; queue: string; ms: number }
  | { kind: 'callbacks'; count: number }
  | { kind: 'appeals'; count: number }
  | { kind: 'in3Rings'; share: number }
  | { kind: 'connect'; seconds: number };

export interface SiteAlarm {
  site: string;
  level: Level;
  /** the norm that slips (the first at the worst level); none when all is in the norm */
  issue?: SiteIssue;
  /** the site is outside its working hours (its direct lines are closed), until `opensAt` */
  closed?: { opensAt?: number };
}

const levelAt = (k: Kpi | undefined, value: number) => levelOf(k ? kpiAt(k, value).status : undefined);

export function siteAlarm(s: SiteState, now: number): SiteAlarm {
  const found: { level: Level; issue: SiteIssue }[] = [];
  const conflicts = summarizeConflicts([s], now);
  if (conflicts.unacknowledged > 0) {
    const oldest = unacceptedRows(conflicts)[0]!;
    found.push({ level: conflicts.overdue > 0 ? 'alarm' : 'warn', issue: { kind: 'escalation', count: conflicts.unacknowledged, ageMs: oldest.ageMs } });
  }
  const rings = lateRings([s], now).length;
  if (rings > 0) found.push({ level: levelAt(s.kpis?.ringingPast3Now, rings), issue: { kind: 'rings', count: rings } });
  const worstQueue = queueRows([s], now)[0];
  if (worstQueue && worstQueue.level !== 'ok' && worstQueue.longestWaitMs !== undefined) found.push({ level: worstQueue.level, issue: { kind: 'wait', queue: worstQueue.queue, ms: worstQueue.longestWaitMs } });
  const callbacks = bucketCallbacks(s.callbacks, now, s.timeZone).overdue;
  if (callbacks > 0) found.push({ level: levelAt(s.kpis?.callbacksOverdue, callbacks), issue: { kind: 'callbacks', count: callbacks } });
  const appeals = bucketAppeals(s.appeals, now, s.timeZone).overdue;
  if (appeals > 0) found.push({ level: levelAt(s.kpis?.appealsOverdue, appeals), issue: { kind: 'appeals', count: appeals } });
  const in3 = s.kpis?.answeredIn3Rings;
  if (in3 && in3.value !== null) found.push({ level: levelOf(in3.status), issue: { kind: 'in3Rings', share: in3.value } });
  const connect = s.kpis?.connectAvg;
  if (connect && connect.value !== null) found.push({ level: levelOf(connect.status), issue: { kind: 'connect', seconds: connect.value } });

  const worst = worstLevel(found.map((f) => f.level));
  const issue = worst === 'ok' ? undefined : found.find((f) => f.level === worst)?.issue;
  const closed = s.hours && !s.hours.open ? { closed: s.hours.nextChangeAt !== undefined ? { opensAt: s.hours.nextChangeAt } : {} } : {};
  return { site: s.site, level: worst, ...(issue ? { issue } : {}), ...closed };
}
