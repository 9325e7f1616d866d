/**
 * Assembles one site's dashboard state from its raw live tables and today's counters, with
 * the KPIs (kpi/kpi-formulas.ts) and the time-dependent states (hours open now, callbacks
 * waiting for the window, deadlines due today / overdue) evaluated at `now`.
 */
import type { AgentLive, AgentToday, AppealLive, CallbackLive, ConflictLive, IncidentLive, LostCallLive, QueueState, SiteHoursNow, SiteState, WaitingCall } from '../../shared/snapshot.js';
import { DateTime } from 'luxon';
import { callbackClassifier, callbackWindowState } from './callback-window.js';
import { emptyTotals, sumCounters, type SplitTotals } from './day-totals.js';
import { appealDueState } from '../../shared/deadline-states.js';
import type { SnapshotTable } from './derived.js';
import { queueKpis, siteKpis } from './kpi/kpi-formulas.js';
import { ringingPastLimit } from '../../shared/ring-limit.js';
import { alertedAt } from '../../shared/conflict-alert.js';
import { ALWAYS, hotlineHoursOf, isOpenAt, openStateAt } from './site-hours.js';
import type { SiteConfig } from './sites.js';
import { BUCKET_MS } from '../../shared/buckets.js';
import type { Kpi } from '../../shared/kpi.js';
import { bucketsOfLocalDay } from './local-day.js';
import { queueForesight } from './staffing/queue-foresight.js';
import { arrivalsByMinute, queueSurge, SURGE_WINDOW_MIN } from './staffing/queue-surge.js';
import { readArrivalMinuteField } from '../../shared/counters.js';
import { stormActive, thresholdsInStorm } from './storm-profile.js';
import { expectedOffered, type ExpectedDay } from './forecast/expected-day.js';
import { dayForecast, historyRateOf, usableDay } from './forecast/day-forecast.js';
import { localDayStart } from './local-day.js';

import { lostCallClassifier, lostCallExpired } from './lost-call-due.js';
import { repeatCallers, servedAgain, type CallerRow } from './repeat-callers.js';

export interface SiteRaw {
  seq: number;
  /** a table not read (a tool, a test of other tables) is an empty one */
  live: Partial<Record<SnapshotTable, Record<string, string>>>;
  todayCounters: Record<string, string>[];
  /** the moment the state is for (the reader's clock); default: the system clock */
  now?: number;
  /** today's expected calls from the same weekday's history (server/store/weekday-baseline.ts); absent: no forecast, staffing on the window alone */
  expected?: ExpectedDay;
}

/** An entry of a live table that cannot be read or evaluated: `key` is `<table>:<field>`. */
export type SkipEntry = (key: string, error: unknown) => void;

/**
 * The entries of one live table, each parsed and prepared on its own: one that throws (corrupt
 * JSON, a time no calendar can place) is skipped and reported, and every other entry still shows.
 */
function entries<T, U = T>(table: SnapshotTable, h: Record<string, string> | undefined, skip: SkipEntry, prepare?: (t: T) => U): U[] {
  const out: U[] = [];
  if (!h) return out;
  for (const field in h) {
    try {
      const v = JSON.parse(h[field]!) as T;
      if (v === null || typeof v !== 'object') throw new Error('not an object');
      out.push(prepare ? prepare(v) : (v as unknown as U));
    } catch (e) {
      skip(`${table}:${field}`, e);
    }
  }
  return out;
}

const throwSkipped: SkipEntry = (key, error) => {
  throw new Error(`live entry ${key}: ${(error as Error).message}`);
};

/** N8, N11, N15: what is open at `now` and when that changes. */
export function siteHoursNow(site: SiteConfig, now: number): SiteHoursNow {
  const unit = openStateAt(site.hours, now, site.timeZone);
  const hotlineHours = hotlineHoursOf(site);
  const hotline = openStateAt(hotlineHours, now, site.timeZone);
  const window = callbackWindowState(site.norms.callbackWindow, now, site.timeZone);
  return {
    open: unit.open,
    ...(unit.nextChangeAt !== undefined ? { nextChangeAt: unit.nextChangeAt } : {}),
    hotlineOpen: hotline.open,
    ...(hotline.nextChangeAt !== undefined ? { hotlineNextChangeAt: hotline.nextChangeAt } : {}),
    hotline24x7: hotlineHours === ALWAYS,
    callbackWindowOpen: window.open,
    ...(window.nextChangeAt !== undefined ? { callbackWindowNextChangeAt: window.nextChangeAt } : {}),
  };
}

/** the sites file's name of an operator wins over the one the PBX gave */
function agentNamer(site: SiteConfig): ((a: AgentLive) => AgentLive) | undefined {
  const names = site.agentNames;
  if (!names) return undefined;
  return (a) => {
    const own = Object.hasOwn(names, a.agentId) ? names[a.agentId] : undefined;
    return own !== undefined ? { ...a, name: own } : a;
  };
}

/** `skip` hears of entries left out; without it, a bad entry fails the whole state (tests, tools). */
/** Foresight and the surge test are estimates on top of the state: one that cannot be made leaves the queue without it, never the site without its queues. */
function estimateOrNone<K extends 'foresight' | 'surge'>(key: K, make: () => QueueState[K] | undefined): Partial<Pick<QueueState, K>> {
  try {
    const v = make();
    return v === undefined ? {} : ({ [key]: v } as Partial<Pick<QueueState, K>>);
  } catch {
    return {};
  }
}

/** operators who answer or will answer in a moment: logged in, not paused */
const ANSWERING: ReadonlySet<string> = new Set(['available', 'ringing', 'on_call', 'wrap_up']);

/**
 * The share of N1 that staffing aims at: the level below which the KPI turns amber (95 % by
 * default), not its ideal target of 100 %, which no finite number of operators guarantees.
 */
function serviceLevelTarget(k: Kpi | undefined): number {
  const aim = k?.thresholds.warnBelow ?? k?.target ?? 0.8;
  return Math.min(0.99, Math.max(0.5, aim));
}

/** Calls offered per queue in the last 15–30 minutes of today (the current and the previous bucket), and the time they cover. */
function arrivalWindow(todayCounters: readonly Record<string, string>[], now: number, timeZone: string): { offered: Map<string, number>; ms: number } {
  const starts = bucketsOfLocalDay(now, timeZone);
  const current = starts.at(-1) ?? now;
  const recent = todayCounters.slice(-2);
  const ms = now - current + (starts.length >= 2 && todayCounters.length >= 2 ? BUCKET_MS : 0);
  const offered = new Map<string, number>();
  for (const [queue, t] of sumCounters(recent).byQueue) offered.set(queue, t.offered);
  return { offered, ms };
}

/**
 * The surge alarm's expected calls from the history (issue 16): a window reaching into yesterday
 * (the first minutes after midnight) has no history of today's day to compare with: no verdict by it.
 */
function historyArrivals(day: ExpectedDay, queue: string, from: number, to: number): number | undefined {
  return from < day.dayStart ? undefined : expectedOffered(day, queue, from, to);
}

/** the surge alarm's fallback baseline, the hour before its window, needs that hour inside today and the hotline open all of it */
function earlierHourUsable(site: SiteConfig, now: number, dayStart: number): boolean {
  const hourStart = now - (SURGE_WINDOW_MIN + 60) * 60_000;
  if (hourStart < dayStart) return false;
  const hotline = hotlineHoursOf(site);
  return hotline === ALWAYS || (isOpenAt(hotline, hourStart, site.timeZone) && isOpenAt(hotline, now - SURGE_WINDOW_MIN * 60_000, site.timeZone));
}

export function buildSiteState(config: SiteConfig, raw: SiteRaw, skip: SkipEntry = throwSkipped): SiteState {
  const now = raw.now ?? Date.now();
  const tz = config.timeZone;
  const incidents = entries<IncidentLive>('incidents', raw.live.incidents, skip).sort((a, b) => a.openedAt - b.openedAt || a.incidentId.localeCompare(b.incidentId));
  const storm = stormActive(config.stormThresholds, incidents.length);
  // in a storm the site is judged by its storm profile: every KPI below reads `site.thresholds`
  const site: SiteConfig = storm ? { ...config, thresholds: thresholdsInStorm(config.thresholds, config.stormThresholds!) } : config;
  const calls = entries<WaitingCall>('calls', raw.live.calls, skip).sort((a, b) => a.since - b.since);
  const agents = entries<AgentLive>('agents', raw.live.agents, skip, agentNamer(site)).sort((a, b) => String(a.agentId).localeCompare(String(b.agentId)));
  const callbacks = entries<CallbackLive>('callbacks', raw.live.callbacks, skip, callbackClassifier(site.norms.callbackWindow, now, tz)).sort((a, b) => a.dueAt - b.dueAt);
  const endOfToday = DateTime.fromMillis(now, { zone: tz }).endOf('day').toMillis();
  const appeals = entries<AppealLive, AppealLive>('appeals', raw.live.appeals, skip, (a) => ({ ...a, state: appealDueState(a.dueAt, now, endOfToday) })).sort((a, b) => a.dueAt - b.dueAt);
  const conflicts = entries<ConflictLive>('conflicts', raw.live.conflicts, skip).sort((a, b) => alertedAt(a) - alertedAt(b));
  const callerRows = entries<CallerRow>('callers', raw.live.callers ?? {}, skip);
  const repeat = repeatCallers(callerRows, now);
  const served = servedAgain(callerRows);
  const lostCalls = lostCallsNow(site, raw.live.lostCalls ?? {}, now, skip).map((l) => {
    const at = served(l);
    return at !== undefined ? { ...l, servedAgainAt: at } : l;
  });
  const totals = sumCounters(raw.todayCounters);
  const hours = siteHoursNow(site, now);
  const window = arrivalWindow(raw.todayCounters, now, tz);
  const dayBuckets = bucketsOfLocalDay(now, tz);
  // the surge window reaches 70 min back: the last six buckets hold it
  const recentBuckets = raw.todayCounters.slice(-6).map((fields, i, all) => ({ start: dayBuckets[dayBuckets.length - all.length + i] ?? 0, fields }));
  const arrivals = arrivalsByMinute(recentBuckets, readArrivalMinuteField);
  const earlierUsable = earlierHourUsable(config, now, dayBuckets[0] ?? now);
  const expected = usableDay(raw.expected, localDayStart(now, tz));

  const names = new Set<string>([...totals.byQueue.keys(), ...calls.map((c) => c.queue), ...lostCalls.map((l) => l.queue)]);
  for (const a of agents) for (const q of a.queues ?? []) names.add(q);
  const queues: QueueState[] = [...names].sort().map((queue) => {
    const here = calls.filter((c) => c.queue === queue);
    const oldest = here[0]?.since;
    const today = totals.byQueue.get(queue) ?? emptyTotals();
    const waiting = here.filter((c) => c.state === 'waiting').length;
    const kpis = queueKpis(site, { now, norms: site.norms, totals: today, calls: here, callbacks: [], appeals: [], hours });
    // a queue the history never saw has nothing to be compared with (a new queue is not "expected 0")
    const forecast = expected?.byQueue.has(queue) ? dayForecast(expected, queue, now, today.offered) : undefined;
    const n1Warn = kpis.answeredIn3Rings?.thresholds.warnBelow;
    return {
      queue,
      waiting,
      ringing: here.filter((c) => c.state === 'ringing').length,
      ...(oldest !== undefined ? { oldestSince: oldest } : {}),
      today,
      kpis,
      lostToCallBack: lostCalls.filter((l) => l.queue === queue).length,
      repeatCallers: repeat.perQueue.get(queue) ?? 0,
      ...estimateOrNone('foresight', () => queueForesight({
        offeredInWindow: window.offered.get(queue) ?? 0,
        windowMs: window.ms,
        today,
        staffed: agents.filter((a) => a.queues?.includes(queue) && ANSWERING.has(a.state)).length,
        waiting,
        slSeconds: site.norms.ringsToAnswer * site.norms.ringSeconds,
        slTarget: serviceLevelTarget(kpis.answeredIn3Rings),
        asaTargetSec: site.norms.connectTargetSeconds,
        handleMinSeconds: site.norms.handleMinSeconds,
        handleMaxSeconds: site.norms.handleMaxSeconds,
        ...(forecast ? { history: historyRateOf(forecast) } : {}),
        ...(n1Warn !== undefined ? { n1: { answered: today.answered, answeredInLimit: today.answeredIn3Rings, warnBelow: n1Warn } } : {}),
      })),
      ...estimateOrNone('surge', () =>
        queueSurge({
          arrivals: arrivals.get(queue) ?? new Map(),
          now,
          ...(expected?.byQueue.has(queue) ? { expectedFromHistory: (from: number, to: number) => historyArrivals(expected, queue, from, to) } : {}),
          earlierHourUsable: earlierUsable,
        }),
      ),
      ...(forecast ? { forecast } : {}),
    };
  });

  const kpis = siteKpis(site, {
    now,
    norms: site.norms,
    totals: totals.site,
    calls,
    callbacks,
    appeals,
    ringsPast3ByAgent: totals.byAgent.ringsPast3,
    appealsRejectedBy: totals.byKey.appealsRejected,
    appealsByChannel: totals.byKey.appealsByChannel,
    hours,
  });

  const n = site.norms;
  return {
    site: site.id,
    name: site.name,
    ...(site.queueNames && Object.keys(site.queueNames).length ? { queueNames: site.queueNames } : {}),
    timeZone: tz,
    seq: raw.seq,
    norms: {
      ringSeconds: n.ringSeconds,
      ringsToAnswer: n.ringsToAnswer,
      shortAbandonSeconds: n.shortAbandonSeconds,
      connectTargetSeconds: n.connectTargetSeconds,
      handleMinSeconds: n.handleMinSeconds,
      handleMaxSeconds: n.handleMaxSeconds,
      serviceLevelSeconds: n.serviceLevelSeconds,
      conflictAckSeconds: n.conflictAckSeconds,
      wrapUpMaxSeconds: n.wrapUpMaxSeconds,
      callbackWindow: n.callbackWindow.hours,
      lostCallTargetMinutes: n.lostCallTargetMinutes,
    },
    queues,
    calls,
    agents,
    callbacks,
    appeals,
    conflicts,
    lostCalls,
    repeatCallers: repeat.list,
    today: totals.site,
    kpis,
    hours,
    ringingPast3: ringingPastLimit(calls, n, now),
    ringsPast3ByAgent: Object.entries(totals.byAgent.ringsPast3)
      .map(([agentId, count]) => ({ agentId, count }))
      .sort((a, b) => b.count - a.count || a.agentId.localeCompare(b.agentId)),
    agentsToday: agentsToday(totals.byAgent),
    incidents,
    ...(storm ? { storm: true } : {}),
    ...(expected ? { forecast: dayForecast(expected, undefined, now, totals.site.offered) } : {}),
  };
}

/** Issue 16: the lost callers still to call back at `now`, oldest first, with their due time and state; those past the kept week are left out (the reader removes them) */
function lostCallsNow(site: SiteConfig, h: Record<string, string>, now: number, skip: SkipEntry): LostCallLive[] {
  const classify = lostCallClassifier(site.norms.callbackWindow, site.norms.lostCallTargetMinutes, now, site.timeZone);
  return entries<LostCallLive, LostCallLive | null>('lostCalls', h, skip, (e) => (lostCallExpired(e, now) ? null : classify(e)))
    .filter((e): e is LostCallLive => e !== null)
    .sort((a, b) => a.abandonedAt - b.abandonedAt || a.callId.localeCompare(b.callId));
}

/** the operator board's figures of today, per operator with any (a small entry each) */
function agentsToday(byAgent: SplitTotals['byAgent']): AgentToday[] {
  const ids = new Set([...Object.keys(byAgent.answered), ...Object.keys(byAgent.ringsMissed)]);
  return [...ids].sort().map((agentId) => ({ agentId, answered: byAgent.answered[agentId] ?? 0, missed: byAgent.ringsMissed[agentId] ?? 0 }));
}
