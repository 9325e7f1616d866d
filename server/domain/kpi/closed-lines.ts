/**
 * N8, N15: outside its hours a line is closed and nobody is meant to answer it. The KPIs that
 * measure the calls of closed lines then rest — status `closed` (shared/kpi-rules.ts), their
 * values kept — instead of turning walls and the duty view red at night. Which lines: a hotline
 * call's are the hotline's hours, a direct-line call's the unit's working hours (the central
 * office's hotline is open 24/7, so its hotline figures never rest).
 *
 * What still alarms while closed, and why:
 * - a caller who entered the queue while the line was open (before closing, or a call that came
 *   on the open hotline) is still owed an answer: `longestWait` and `ringingPast3Now` are judged
 *   as ever while such a call is live;
 * - callbacks (N4, N11: the callback window has its own hours), appeals' deadlines (N10: working
 *   days), and conflict escalations (N13, not a KPI) are not figures of a line: untouched;
 * - when the line opens, every caller still waiting is owed an answer and alarms again.
 * Pure: the hours come from `SiteHoursNow` at the state's `now` (site-state.ts).
 */
import type { KpiId } from '../../../shared/kpi-rules.js';
import type { SiteHoursNow, WaitingCall } from '../../../shared/snapshot.js';
import type { Totals } from '../day-totals.js';

/**
 * How each resting KPI rests:
 * - `day`: a figure of today's calls; rests while every line the record (site or queue) serves is closed;
 * - `live`: a figure of the calls live now; rests as `day`, and only while no live call is owed an answer;
 * - `hotline` / `direct`: the calls that came while that line was closed; rests while it is closed
 *   (shown, not alarming; they turn amber when it opens, so the morning sees who called at night).
 */
export type RestWhileClosed = 'day' | 'live' | 'hotline' | 'direct';

export const RESTS_WHILE_CLOSED: Readonly<Partial<Record<KpiId, RestWhileClosed>>> = {
  answeredIn3Rings: 'day',
  ringsPast3Today: 'day',
  serviceLevel: 'day',
  abandonRate: 'day',
  connectAvg: 'day',
  asa: 'day',
  handleAvg: 'day',
  ringingPast3Now: 'live',
  longestWait: 'live',
  hotlineCallsWhileClosed: 'hotline',
  directCallsWhileClosed: 'direct',
};

type Line = 'hotline' | 'direct';

const lineOpen = (hours: SiteHoursNow, line: Line) => (line === 'hotline' ? hours.hotlineOpen : hours.open);

/**
 * The lines a site or a queue serves: those of its calls today (`hotline` of `offered`, the rest
 * direct) and of its live calls; none known (no call yet): both.
 */
export function linesServed(totals: Pick<Totals, 'offered' | 'hotline'>, calls: readonly Pick<WaitingCall, 'line'>[]): Set<Line> {
  const lines = new Set<Line>();
  if (totals.hotline > 0) lines.add('hotline');
  if (totals.offered > totals.hotline) lines.add('direct');
  for (const c of calls) if (c.line) lines.add(c.line);
  return lines.size ? lines : new Set<Line>(['hotline', 'direct']);
}

/**
 * Owed an answer now: unless it came while its line was closed (`outsideHours`, decided when it
 * entered the queue) and that line is still closed.
 */
export function owedAnswer(call: Pick<WaitingCall, 'line' | 'outsideHours'>, hours: SiteHoursNow): boolean {
  return !(call.outsideHours && call.line && !lineOpen(hours, call.line));
}

/** The KPIs of a site or a queue that rest at the state's `now`; none without its hours. */
export function restingKpis(i: { hours?: SiteHoursNow | undefined; totals: Totals; calls: readonly WaitingCall[] }): Set<KpiId> {
  const out = new Set<KpiId>();
  const hours = i.hours;
  if (!hours) return out;
  const linesClosed = [...linesServed(i.totals, i.calls)].every((l) => !lineOpen(hours, l));
  const noneOwed = !i.calls.some((c) => owedAnswer(c, hours));
  for (const [id, how] of Object.entries(RESTS_WHILE_CLOSED) as [KpiId, RestWhileClosed][]) {
    const rests = how === 'day' ? linesClosed : how === 'live' ? linesClosed && noneOwed : !lineOpen(hours, how);
    if (rests) out.add(id);
  }
  return out;
}
