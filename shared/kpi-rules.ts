/**
 * The rules of the KPIs that both sides evaluate (shared/kpi.ts has their shape as zod
 * schemas): which KPIs there are, their norm, unit and how sites add up, THE status rule
 * (value + thresholds → ok / warn / alert), and how several sites' KPIs make one. The server
 * judges every KPI of a snapshot with them (server/domain/kpi/); a screen draws those statuses
 * and, for a value that moves with the clock between updates (a wait, a ring, a deadline),
 * judges the value it ticks with the same rule and the KPI's own thresholds (`kpiAt`).
 * No zod here: the client imports it.
 */
import type { Kpi, KpiThresholds, Kpis } from './kpi.js';

export const KPI_IDS = [
  'answeredIn3Rings',
  'ringingPast3Now',
  'ringsPast3Today',
  'serviceLevel',
  'abandonRate',
  'connectAvg',
  'asa',
  'longestWait',
  'handleAvg',
  'callbacksPromised',
  'callbacksOpen',
  'callbacksDueToday',
  'callbacksOverdue',
  'callbacksWaitingWindow',
  'callbackWindowOpen',
  'redirected',
  'refusedIdentification',
  'terminatedAbuse',
  'appealsOpen',
  'appealsDueToday',
  'appealsOverdue',
  'appealsAnsweredLate',
  'appealsRejected',
  'appealsByChannel',
  'unitOpen',
  'hotlineOpen',
  'hotlineCallsWhileClosed',
  'directCallsWhileClosed',
] as const;

export type KpiId = (typeof KPI_IDS)[number];

/**
 * `closed`: the lines the KPI measures are outside their hours (N8, N15) and nobody is meant to
 * answer them, so it does not alarm whatever its value (the server decides it:
 * server/domain/kpi/closed-lines.ts); a screen draws it calm, with the word "closed".
 */
export const KPI_STATUSES = ['ok', 'warn', 'alert', 'closed'] as const;
export type KpiStatus = (typeof KPI_STATUSES)[number];

/** `ratio`: a share 0…1; `seconds`: a duration; `count`: a number of things; `flag`: 1 = yes, 0 = no. */
export const KPI_UNITS = ['ratio', 'seconds', 'count', 'flag'] as const;
export type KpiUnit = (typeof KPI_UNITS)[number];

/**
 * How the KPIs of several sites make the centre's: `ratio` sums numerators and denominators,
 * `sum` adds the values (and breakdowns), `max` takes the largest (longest wait; a flag: any site).
 */
export type KpiCombine = 'ratio' | 'sum' | 'max';

export interface KpiMeta {
  norm: string;
  unit: KpiUnit;
  combine: KpiCombine;
  /** it makes sense for one queue too (`QueueState.kpis`) */
  perQueue?: true;
}

export const KPI_META: Readonly<Record<KpiId, KpiMeta>> = {
  answeredIn3Rings: { norm: 'N1', unit: 'ratio', combine: 'ratio', perQueue: true },
  ringingPast3Now: { norm: 'N1', unit: 'count', combine: 'sum', perQueue: true },
  ringsPast3Today: { norm: 'N1', unit: 'count', combine: 'sum', perQueue: true },
  serviceLevel: { norm: 'N1', unit: 'ratio', combine: 'ratio', perQueue: true },
  abandonRate: { norm: 'N1', unit: 'ratio', combine: 'ratio', perQueue: true },
  connectAvg: { norm: 'N2', unit: 'seconds', combine: 'ratio', perQueue: true },
  asa: { norm: 'N2', unit: 'seconds', combine: 'ratio', perQueue: true },
  longestWait: { norm: 'N2', unit: 'seconds', combine: 'max', perQueue: true },
  handleAvg: { norm: 'N3', unit: 'seconds', combine: 'ratio', perQueue: true },
  callbacksPromised: { norm: 'N4', unit: 'count', combine: 'sum', perQueue: true },
  callbacksOpen: { norm: 'N4', unit: 'count', combine: 'sum' },
  callbacksDueToday: { norm: 'N4', unit: 'count', combine: 'sum' },
  callbacksOverdue: { norm: 'N4', unit: 'count', combine: 'sum' },
  callbacksWaitingWindow: { norm: 'N11', unit: 'count', combine: 'sum' },
  callbackWindowOpen: { norm: 'N11', unit: 'flag', combine: 'max' },
  redirected: { norm: 'N5', unit: 'ratio', combine: 'ratio', perQueue: true },
  refusedIdentification: { norm: 'N6', unit: 'ratio', combine: 'ratio', perQueue: true },
  terminatedAbuse: { norm: 'N7', unit: 'ratio', combine: 'ratio', perQueue: true },
  appealsOpen: { norm: 'N10', unit: 'count', combine: 'sum' },
  appealsDueToday: { norm: 'N10', unit: 'count', combine: 'sum' },
  appealsOverdue: { norm: 'N10', unit: 'count', combine: 'sum' },
  appealsAnsweredLate: { norm: 'N10', unit: 'ratio', combine: 'ratio' },
  appealsRejected: { norm: 'N9', unit: 'count', combine: 'sum' },
  appealsByChannel: { norm: 'N14', unit: 'count', combine: 'sum' },
  unitOpen: { norm: 'N15', unit: 'flag', combine: 'max' },
  hotlineOpen: { norm: 'N8', unit: 'flag', combine: 'max' },
  hotlineCallsWhileClosed: { norm: 'N8', unit: 'count', combine: 'sum', perQueue: true },
  directCallsWhileClosed: { norm: 'N15', unit: 'count', combine: 'sum', perQueue: true },
};

/** The KPIs that make sense for one queue (docs/kpis.md). */
export const QUEUE_KPI_IDS: readonly KpiId[] = KPI_IDS.filter((id) => KPI_META[id].perQueue);

/** THE status rule: ok / warn / alert of a value against its thresholds; no value is `ok` (nothing to judge yet). */
export function kpiStatus(value: number | null, t: KpiThresholds): Exclude<KpiStatus, 'closed'> {
  if (value === null) return 'ok';
  if ((t.alertBelow !== undefined && value < t.alertBelow) || (t.alertAbove !== undefined && value > t.alertAbove)) return 'alert';
  if ((t.warnBelow !== undefined && value < t.warnBelow) || (t.warnAbove !== undefined && value > t.warnAbove)) return 'warn';
  return 'ok';
}

function addBreakdowns(parts: readonly Kpi[]): Record<string, number> | undefined {
  if (!parts.some((p) => p.breakdown)) return undefined;
  // keys come from data (operator ids…): no prototype, so `__proto__` is just a key
  const out = Object.create(null) as Record<string, number>;
  for (const p of parts) for (const [k, n] of Object.entries(p.breakdown ?? {})) out[k] = (out[k] ?? 0) + n;
  return out;
}

/**
 * The KPI of several sites together. Target and thresholds come from `template` (the centre's
 * own, e.g. `snapshot.kpis[id]`), or from the first part when there is none.
 */
export type KpiTemplate = Pick<Kpi, 'target' | 'targetMax' | 'thresholds'>;

export function combineKpi(id: KpiId, parts: readonly Kpi[], template?: KpiTemplate): Kpi {
  const meta = KPI_META[id];
  const base = template ?? parts[0] ?? { target: null, thresholds: {} };
  let value: number | null;
  let num: number | undefined;
  let den: number | undefined;
  if (meta.combine === 'ratio') {
    num = parts.reduce((s, p) => s + (p.num ?? 0), 0);
    den = parts.reduce((s, p) => s + (p.den ?? 0), 0);
    value = den > 0 ? num / den : null;
  } else if (meta.combine === 'sum') {
    const known = parts.filter((p) => p.value !== null);
    value = known.length ? known.reduce((s, p) => s + p.value!, 0) : parts.length ? null : 0;
  } else {
    const known = parts.map((p) => p.value).filter((v): v is number => v !== null);
    value = known.length ? Math.max(...known) : null;
  }
  const breakdown = addBreakdowns(parts);
  // the value is every part's; the status only that of the parts whose lines are open: a closed
  // site's night figures neither alarm on their own nor turn an open site's red
  const open = parts.filter((p) => p.status !== 'closed');
  const status = parts.length > 0 && open.length === 0 ? 'closed' : kpiStatus(open.length === parts.length ? value : combineKpi(id, open, base).value, base.thresholds);
  return {
    id,
    norm: meta.norm,
    unit: meta.unit,
    value,
    target: base.target,
    ...(base.targetMax !== undefined ? { targetMax: base.targetMax } : {}),
    status,
    thresholds: base.thresholds,
    ...(num !== undefined ? { num, den } : {}),
    ...(breakdown ? { breakdown } : {}),
  };
}

/** Every KPI of several sites together (see `combineKpi`). */
export function combineKpis(sites: readonly Kpis[], template?: Partial<Record<KpiId, KpiTemplate>>): Kpis {
  const out = {} as Kpis;
  for (const id of KPI_IDS) out[id] = combineKpi(id, sites.map((k) => k[id]), template?.[id]);
  return out;
}

/**
 * A KPI with a value measured later than the server did (a screen ticking a wait, a ring or a
 * deadline on between updates), judged by the KPI's own thresholds — the site's, overrides included.
 * One the server found `closed` stays so until the server says otherwise (the next update).
 */
export function kpiAt(kpi: Kpi, value: number | null): Kpi {
  return { ...kpi, value, status: kpi.status === 'closed' ? 'closed' : kpiStatus(value, kpi.thresholds) };
}
