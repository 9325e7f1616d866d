/**
 * THE KPI table: for every KPI, the formula (from today's counters, the live tables and the
 * clock) and the default target and warn/alert limits (from the site's norms), side by side.
 * Each names its norm of the standard (shared/kpi.ts KPI_META; docs/kpis.md explains each).
 * Pure: the caller passes `now`.
 */
import type { Kpi, Kpis, QueueKpis } from '../../../shared/kpi.js';
import { combineKpis, KPI_IDS, QUEUE_KPI_IDS, type KpiId } from '../../../shared/kpi-rules.js';
import { ringingPastLimit } from '../../../shared/ring-limit.js';
import type { AppealLive, CallbackLive, SiteHoursNow, SiteState, WaitingCall } from '../../../shared/snapshot.js';
import type { Totals } from '../day-totals.js';
import { SiteNorms, type SiteConfig } from '../sites.js';
import { applyOverride, evaluateKpi, type KpiMeasure, type KpiOverrides, type KpiSetting } from './kpi-status.js';
import { restingKpis } from './closed-lines.js';
import { wholeSeconds } from '../../../shared/whole-seconds.js';

/** Everything the formulas read, for one site (or one queue of it) at `now`. */
export interface KpiInput {
  now: number;
  norms: SiteNorms;
  totals: Totals;
  /** live calls (waiting or ringing) */
  calls: readonly WaitingCall[];
  /** live callbacks, classified at `now` (callback-window.ts) */
  callbacks: readonly CallbackLive[];
  /** live appeals, classified at `now` */
  appeals: readonly AppealLive[];
  ringsPast3ByAgent?: Readonly<Record<string, number>>;
  appealsRejectedBy?: Readonly<Record<string, number>>;
  appealsByChannel?: Readonly<Record<string, number>>;
  /** what is open now (N8, N15, N11); without it no KPI rests (closed-lines.ts) */
  hours?: SiteHoursNow;
}

// ---- building blocks --------------------------------------------------------------------

export function share(num: number, den: number): number | null {
  return den > 0 ? num / den : null;
}

const ratio = (num: number, den: number): KpiMeasure => ({ value: share(num, den), num, den });
const averageSeconds = (sumMs: number, n: number): KpiMeasure => ({ value: n > 0 ? sumMs / n / 1000 : null, num: sumMs / 1000, den: n });
const count = (n: number, breakdown?: Record<string, number>): KpiMeasure => ({ value: n, ...(breakdown ? { breakdown } : {}) });
const flag = (on: boolean | undefined): KpiMeasure => ({ value: on === undefined ? null : on ? 1 : 0 });
const countBy = <T>(items: readonly T[], key: (t: T) => string): Record<string, number> => {
  // keys come from data (operator ids…): a null-prototype object takes `__proto__` as a plain key
  const out = Object.create(null) as Record<string, number>;
  for (const t of items) out[key(t)] = (out[key(t)] ?? 0) + 1;
  return out;
};

/** Calls answered or abandoned, short abandons left out: the base of service level and abandon rate. */
export function completedCalls(t: Totals): number {
  return t.answered + t.abandoned - t.abandonedShort;
}

/** The per-interval rates of the history (the same formulas as the KPIs of the same name). */
export function callRates(t: Totals) {
  const completed = completedCalls(t);
  const avg = (sumMs: number, n: number) => (n > 0 ? sumMs / n / 1000 : null);
  return {
    answeredIn3RingsShare: share(t.answeredIn3Rings, t.answered),
    serviceLevel: share(t.answeredInServiceLevel, completed),
    abandonRate: share(t.abandoned - t.abandonedShort, completed),
    avgConnectSeconds: avg(t.connectSumMs, t.connectN),
    asaSeconds: avg(t.waitSumMs, t.waitN),
    avgHandleSeconds: avg(t.handleSumMs, t.handleN),
  };
}

const none: KpiSetting = { target: null, thresholds: {} };

interface KpiFormula {
  /** the value from the counters, live tables and clock */
  measure(i: KpiInput): KpiMeasure;
  /** default target and limits; the sites file may override them per KPI */
  setting(n: SiteNorms): KpiSetting;
}

/**
 * Units: `ratio` 0…1, `seconds`, `count`, `flag` (1/0). Limits: `warnBelow`/`alertBelow` for
 * "higher is better", `warnAbove`/`alertAbove` for "lower is better", both for a band (N3).
 */
export const KPI_FORMULAS: Readonly<Record<KpiId, KpiFormula>> = {
  // N1: answered within 3 rings / answered. Every call should be (target 100 %).
  answeredIn3Rings: {
    measure: (i) => ratio(i.totals.answeredIn3Rings, i.totals.answered),
    setting: () => ({ target: 1, thresholds: { warnBelow: 0.95, alertBelow: 0.9 } }),
  },
  // N1: calls ringing past the ring limit right now ("ignoring calls is not allowed": one is an alert).
  ringingPast3Now: {
    measure: (i) => count(ringingPastLimit(i.calls, i.norms, i.now).length),
    setting: () => ({ target: 0, thresholds: { alertAbove: 0 } }),
  },
  // N1: rings that went past the limit today (a call may ring several operators), per operator.
  ringsPast3Today: {
    measure: (i) => count(i.totals.ringsPast3, i.ringsPast3ByAgent ? { ...i.ringsPast3ByAgent } : undefined),
    setting: () => ({ target: 0, thresholds: { warnAbove: 0 } }),
  },
  // answered within serviceLevelSeconds of entering the queue / (answered + abandoned − short abandons)
  serviceLevel: {
    measure: (i) => ratio(i.totals.answeredInServiceLevel, completedCalls(i.totals)),
    setting: () => ({ target: 0.8, thresholds: { warnBelow: 0.8, alertBelow: 0.7 } }),
  },
  // (abandoned − short abandons) / (answered + abandoned − short abandons)
  abandonRate: {
    measure: (i) => ratio(i.totals.abandoned - i.totals.abandonedShort, completedCalls(i.totals)),
    setting: () => ({ target: 0.05, thresholds: { warnAbove: 0.05, alertAbove: 0.1 } }),
  },
  // N2: average seconds from entering the queue to the specialist (to the answer if never transferred)
  connectAvg: {
    measure: (i) => averageSeconds(i.totals.connectSumMs, i.totals.connectN),
    setting: (n) => ({ target: n.connectTargetSeconds, thresholds: { warnAbove: n.connectTargetSeconds, alertAbove: 1.5 * n.connectTargetSeconds } }),
  },
  // N2: average speed of answer, queue entry → answer; past the N2 target even the answer is too late
  asa: {
    measure: (i) => averageSeconds(i.totals.waitSumMs, i.totals.waitN),
    setting: (n) => ({ target: n.serviceLevelSeconds, thresholds: { warnAbove: n.serviceLevelSeconds, alertAbove: n.connectTargetSeconds } }),
  },
  // N2: the longest current wait (waiting or ringing) at `now`, whole seconds (shared/whole-seconds.ts); 0 when nobody waits
  longestWait: {
    measure: (i) => ({ value: i.calls.reduce((m, c) => Math.max(m, wholeSeconds(i.now - c.since)), 0) }),
    setting: (n) => ({ target: n.connectTargetSeconds, thresholds: { warnAbove: n.connectTargetSeconds, alertAbove: 2 * n.connectTargetSeconds } }),
  },
  // N3: average seconds answer → end, against the 5–10 min band
  handleAvg: {
    measure: (i) => averageSeconds(i.totals.handleSumMs, i.totals.handleN),
    setting: (n) => ({
      target: n.handleMinSeconds,
      targetMax: n.handleMaxSeconds,
      thresholds: { warnBelow: n.handleMinSeconds, warnAbove: n.handleMaxSeconds, alertAbove: 1.5 * n.handleMaxSeconds },
    }),
  },
  // N4: callbacks promised today (calls that entered the queue today)
  callbacksPromised: { measure: (i) => count(i.totals.callbacksPromised), setting: () => none },
  // N4 backlog: open callbacks (call promises and appeal return calls), by kind
  callbacksOpen: {
    measure: (i) => count(i.callbacks.length, countBy(i.callbacks, (c) => c.kind)),
    setting: () => none,
  },
  // N4: open, not yet due, due before the end of the site-local day
  callbacksDueToday: {
    measure: (i) => byState(i.callbacks, 'due_today'),
    setting: () => ({ target: null, thresholds: { warnAbove: 0 } }),
  },
  // N4 + N11: window time has passed since it fell due
  callbacksOverdue: {
    measure: (i) => byState(i.callbacks, 'overdue'),
    setting: () => ({ target: 0, thresholds: { alertAbove: 0 } }),
  },
  // N11: fell due while the callback window was closed; waits for it (not idle staff)
  callbacksWaitingWindow: { measure: (i) => byState(i.callbacks, 'waiting_window'), setting: () => none },
  // N11: is the callback window (09:00–17:30) open now
  callbackWindowOpen: { measure: (i) => flag(i.hours?.callbackWindowOpen), setting: () => none },
  // N5, N6, N7: outcome / ended calls (num = the count)
  redirected: { measure: (i) => ratio(i.totals.redirected, i.totals.ended), setting: () => none },
  refusedIdentification: { measure: (i) => ratio(i.totals.refusedIdentification, i.totals.ended), setting: () => none },
  terminatedAbuse: { measure: (i) => ratio(i.totals.terminatedAbuse, i.totals.ended), setting: () => none },
  // N10/N12 backlog: open appeals, by channel
  appealsOpen: { measure: (i) => count(i.appeals.length, countBy(i.appeals, (a) => a.channel)), setting: () => none },
  // N10: open appeals whose deadline is the end of today
  appealsDueToday: {
    measure: (i) => count(i.appeals.filter((a) => a.state === 'due_today').length),
    setting: () => ({ target: null, thresholds: { warnAbove: 0 } }),
  },
  // N10: open appeals past their deadline (5 working days by phone, 30 by address, or dueAt)
  appealsOverdue: {
    measure: (i) => count(i.appeals.filter((a) => a.state === 'overdue').length),
    setting: () => ({ target: 0, thresholds: { alertAbove: 0 } }),
  },
  // N10: answered after the deadline / answered, today
  appealsAnsweredLate: {
    measure: (i) => ratio(i.totals.appealsAnsweredLate, i.totals.appealsAnswered),
    setting: () => ({ target: 0, thresholds: { warnAbove: 0, alertAbove: 0.1 } }),
  },
  // N9: appeals rejected today, by reason (abusive, no_client_data, commercial_secret)
  appealsRejected: { measure: (i) => count(i.totals.appealsRejected, { ...i.appealsRejectedBy }), setting: () => none },
  // N14: appeals registered today, by channel:clientType
  appealsByChannel: { measure: (i) => count(i.totals.appealsRegistered, { ...i.appealsByChannel }), setting: () => none },
  // N15: the unit is within its working hours now
  unitOpen: { measure: (i) => flag(i.hours?.open), setting: () => none },
  // N8: the hotline is open now (the central office: 24/7)
  hotlineOpen: { measure: (i) => flag(i.hours?.hotlineOpen), setting: () => none },
  // N8: hotline calls that came while the hotline was closed, today — an anomaly to show
  hotlineCallsWhileClosed: {
    measure: (i) => count(i.totals.hotlineWhileClosed),
    setting: () => ({ target: 0, thresholds: { warnAbove: 0 } }),
  },
  // N15: direct-line calls that came while the unit was closed, today
  directCallsWhileClosed: {
    measure: (i) => count(i.totals.directWhileClosed),
    setting: () => ({ target: 0, thresholds: { warnAbove: 0 } }),
  },
};

function byState(callbacks: readonly CallbackLive[], state: CallbackLive['state']): KpiMeasure {
  const hit = callbacks.filter((c) => c.state === state);
  return count(hit.length, countBy(hit, (c) => c.kind));
}

/** The target and limits of one KPI at a site: defaults from its norms, then its overrides. */
export function kpiSetting(id: KpiId, norms: SiteNorms, overrides: KpiOverrides = {}): KpiSetting {
  return applyOverride(KPI_FORMULAS[id].setting(norms), overrides[id]);
}

/** `closed`: the KPI's lines are closed now (closed-lines.ts) — it rests, whatever its value. */
export function evaluate(id: KpiId, input: KpiInput, overrides: KpiOverrides = {}, closed = false): Kpi {
  return evaluateKpi(id, KPI_FORMULAS[id].measure(input), kpiSetting(id, input.norms, overrides), closed);
}

/** Every KPI of a site. */
export function siteKpis(site: Pick<SiteConfig, 'thresholds'>, input: KpiInput): Kpis {
  const resting = restingKpis(input);
  const out = {} as Kpis;
  for (const id of KPI_IDS) out[id] = evaluate(id, input, site.thresholds, resting.has(id));
  return out;
}

/** The KPIs of one queue (its totals and live calls). */
export function queueKpis(site: Pick<SiteConfig, 'thresholds'>, input: KpiInput): QueueKpis {
  const resting = restingKpis(input);
  const out: QueueKpis = {};
  for (const id of QUEUE_KPI_IDS) out[id] = evaluate(id, input, site.thresholds, resting.has(id));
  return out;
}

const DEFAULT_NORMS = SiteNorms.parse({});

/** Target and limits of the whole centre: the standard's defaults, with optional overrides. */
export function centreTemplate(overrides: KpiOverrides = {}): Record<KpiId, KpiSetting> {
  const out = {} as Record<KpiId, KpiSetting>;
  for (const id of KPI_IDS) out[id] = kpiSetting(id, DEFAULT_NORMS, overrides);
  return out;
}

/** The whole centre: the KPIs of the given sites together (shared/kpi.ts combineKpis), judged by the centre's limits. */
export function centreKpis(sites: readonly Pick<SiteState, 'kpis'>[], overrides: KpiOverrides = {}): Kpis {
  return combineKpis(
    sites.map((s) => s.kpis),
    centreTemplate(overrides),
  );
}
