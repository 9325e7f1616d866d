/**
 * Assembles one site's dashboard state from its raw live tables and today's counters, with
 * the KPIs (kpi/kpi-formulas.ts) and the time-dependent states (hours open now, callbacks
 * waiting for the window, deadlines due today / overdue) evaluated at `now`.
 */
import type { AgentLive, AppealLive, CallbackLive, ConflictLive, QueueState, SiteHoursNow, SiteState, WaitingCall } from '../../shared/snapshot.js';
import { DateTime } from 'luxon';
import { callbackClassifier, callbackWindowState } from './callback-window.js';
import { emptyTotals, sumCounters } from './day-totals.js';
import { appealDueState } from './appeal-fold.js';
import type { SnapshotTable } from './derived.js';
import { queueKpis, ringingPast3, siteKpis } from './kpi/kpi-formulas.js';
import { ALWAYS, hotlineHoursOf, openStateAt } from './site-hours.js';
import type { SiteConfig } from './sites.js';

export interface SiteRaw {
  seq: number;
  live: Record<SnapshotTable, Record<string, string>>;
  todayCounters: Record<string, string>[];
  /** the moment the state is for (the reader's clock); default: the system clock */
  now?: number;
}

const values = <T>(h: Record<string, string>): T[] => Object.values(h).map((v) => JSON.parse(v) as T);

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

export function buildSiteState(site: SiteConfig, raw: SiteRaw): SiteState {
  const now = raw.now ?? Date.now();
  const tz = site.timeZone;
  const calls = values<WaitingCall>(raw.live.calls).sort((a, b) => a.since - b.since);
  const agents = values<AgentLive>(raw.live.agents).sort((a, b) => a.agentId.localeCompare(b.agentId));
  const callbacks = values<CallbackLive>(raw.live.callbacks)
    .sort((a, b) => a.dueAt - b.dueAt)
    .map(callbackClassifier(site.norms.callbackWindow, now, tz));
  const endOfToday = DateTime.fromMillis(now, { zone: tz }).endOf('day').toMillis();
  const appeals = values<AppealLive>(raw.live.appeals)
    .sort((a, b) => a.dueAt - b.dueAt)
    .map((a) => ({ ...a, state: appealDueState(a.dueAt, now, endOfToday) }));
  const conflicts = values<ConflictLive>(raw.live.conflicts).sort((a, b) => (a.escalatedAt ?? a.raisedAt) - (b.escalatedAt ?? b.raisedAt));
  const totals = sumCounters(raw.todayCounters);
  const hours = siteHoursNow(site, now);

  const names = new Set<string>([...totals.byQueue.keys(), ...calls.map((c) => c.queue)]);
  for (const a of agents) for (const q of a.queues ?? []) names.add(q);
  const queues: QueueState[] = [...names].sort().map((queue) => {
    const here = calls.filter((c) => c.queue === queue);
    const oldest = here[0]?.since;
    const today = totals.byQueue.get(queue) ?? emptyTotals();
    return {
      queue,
      waiting: here.filter((c) => c.state === 'waiting').length,
      ringing: here.filter((c) => c.state === 'ringing').length,
      ...(oldest !== undefined ? { oldestSince: oldest } : {}),
      today,
      kpis: queueKpis(site, { now, norms: site.norms, totals: today, calls: here, callbacks: [], appeals: [] }),
    };
  });

  const kpis = siteKpis(site, {
    now,
    norms: site.norms,
    totals: totals.site,
    calls,
    callbacks,
    appeals,
    ringsPast3ByAgent: totals.ringsPast3ByAgent,
    appealsRejectedBy: totals.appealsRejectedBy,
    appealsByChannel: totals.appealsByChannel,
    hours,
  });

  const n = site.norms;
  return {
    site: site.id,
    name: site.name,
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
      callbackWindow: n.callbackWindow.hours,
    },
    queues,
    calls,
    agents,
    callbacks,
    appeals,
    conflicts,
    today: totals.site,
    kpis,
    hours,
    ringingPast3: ringingPast3(calls, n, now),
    ringsPast3ByAgent: Object.entries(totals.ringsPast3ByAgent)
      .map(([agentId, count]) => ({ agentId, count }))
      .sort((a, b) => b.count - a.count || a.agentId.localeCompare(b.agentId)),
  };
}
