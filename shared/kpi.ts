/**
 * Key performance indicators: each measurable norm of the service standard
 * (docs/service-standard.md, N1…N15) as a live number with its target and a status.
 * The server computes them (server/domain/kpi/kpi-formulas.ts, formulas and default targets
 * side by side; docs/kpis.md); this module holds their shape, the status rule and how the
 * KPIs of several sites add up to the whole centre, so a client can redo the sum for the
 * sites it shows after each per-site update.
 */
import { z } from 'zod';

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
export const KpiId = z.enum(KPI_IDS);
export type KpiId = z.infer<typeof KpiId>;

export const KpiStatus = z.enum(['ok', 'warn', 'alert']);
export type KpiStatus = z.infer<typeof KpiStatus>;

/**
 * `ratio`: a share 0…1; `seconds`: a duration; `count`: a number of things; `flag`: 1 = yes, 0 = no.
 */
export const KpiUnit = z.enum(['ratio', 'seconds', 'count', 'flag']);
export type KpiUnit = z.infer<typeof KpiUnit>;

/** Limits in the KPI's unit: below/above them the status is `warn` or `alert`. */
export const KpiThresholds = z
  .object({
    warnBelow: z.number().optional(),
    alertBelow: z.number().optional(),
    warnAbove: z.number().optional(),
    alertAbove: z.number().optional(),
  })
  .strict();
export type KpiThresholds = z.infer<typeof KpiThresholds>;

export const Kpi = z.object({
  id: KpiId,
  /** the norm of the standard it measures, e.g. "N2" */
  norm: z.string(),
  unit: KpiUnit,
  /** null: nothing to measure yet (e.g. no call answered today) */
  value: z.number().nullable(),
  /** what the standard (or, where it is silent, the configured target) asks for; null for counts shown for information */
  target: z.number().nullable(),
  /** upper end when the target is a band (N3: 300–600 s) */
  targetMax: z.number().optional(),
  status: KpiStatus,
  thresholds: KpiThresholds,
  /** for a ratio or an average: value = num / den (a count for shares, a sum of seconds for averages) */
  num: z.number().optional(),
  den: z.number().optional(),
  /** a count split by kind (reason, channel:clientType, operator, line …) */
  breakdown: z.record(z.string(), z.number()).optional(),
});
export type Kpi = z.infer<typeof Kpi>;

/** Every KPI of a site or of the centre, by id. */
export const Kpis = z.record(KpiId, Kpi);
export type Kpis = z.infer<typeof Kpis>;

/** The KPIs that make sense for one queue. */
export const QUEUE_KPI_IDS = [
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
  'redirected',
  'refusedIdentification',
  'terminatedAbuse',
  'hotlineCallsWhileClosed',
  'directCallsWhileClosed',
] as const satisfies readonly KpiId[];
export const QueueKpis = z.partialRecord(KpiId, Kpi);
export type QueueKpis = z.infer<typeof QueueKpis>;

/**
 * How the KPIs of several sites make the centre's: `ratio` sums numerators and denominators,
 * `sum` adds the values (and breakdowns), `max` takes the largest (longest wait; a flag: any site).
 */
export type KpiCombine = 'ratio' | 'sum' | 'max';

export interface KpiMeta {
  norm: string;
  unit: KpiUnit;
  combine: KpiCombine;
}

export const KPI_META: Readonly<Record<KpiId, KpiMeta>> = {
  answeredIn3Rings: { norm: 'N1', unit: 'ratio', combine: 'ratio' },
  ringingPast3Now: { norm: 'N1', unit: 'count', combine: 'sum' },
  ringsPast3Today: { norm: 'N1', unit: 'count', combine: 'sum' },
  serviceLevel: { norm: 'N1', unit: 'ratio', combine: 'ratio' },
  abandonRate: { norm: 'N1', unit: 'ratio', combine: 'ratio' },
  connectAvg: { norm: 'N2', unit: 'seconds', combine: 'ratio' },
  asa: { norm: 'N2', unit: 'seconds', combine: 'ratio' },
  longestWait: { norm: 'N2', unit: 'seconds', combine: 'max' },
  handleAvg: { norm: 'N3', unit: 'seconds', combine: 'ratio' },
  callbacksPromised: { norm: 'N4', unit: 'count', combine: 'sum' },
  callbacksOpen: { norm: 'N4', unit: 'count', combine: 'sum' },
  callbacksDueToday: { norm: 'N4', unit: 'count', combine: 'sum' },
  callbacksOverdue: { norm: 'N4', unit: 'count', combine: 'sum' },
  callbacksWaitingWindow: { norm: 'N11', unit: 'count', combine: 'sum' },
  callbackWindowOpen: { norm: 'N11', unit: 'flag', combine: 'max' },
  redirected: { norm: 'N5', unit: 'ratio', combine: 'ratio' },
  refusedIdentification: { norm: 'N6', unit: 'ratio', combine: 'ratio' },
  terminatedAbuse: { norm: 'N7', unit: 'ratio', combine: 'ratio' },
  appealsOpen: { norm: 'N10', unit: 'count', combine: 'sum' },
  appealsDueToday: { norm: 'N10', unit: 'count', combine: 'sum' },
  appealsOverdue: { norm: 'N10', unit: 'count', combine: 'sum' },
  appealsAnsweredLate: { norm: 'N10', unit: 'ratio', combine: 'ratio' },
  appealsRejected: { norm: 'N9', unit: 'count', combine: 'sum' },
  appealsByChannel: { norm: 'N14', unit: 'count', combine: 'sum' },
  unitOpen: { norm: 'N15', unit: 'flag', combine: 'max' },
  hotlineOpen: { norm: 'N8', unit: 'flag', combine: 'max' },
  hotlineCallsWhileClosed: { norm: 'N8', unit: 'count', combine: 'sum' },
  directCallsWhileClosed: { norm: 'N15', unit: 'count', combine: 'sum' },
};

/** ok / warn / alert of a value against its thresholds; no value is `ok` (nothing to judge yet). */
export function kpiStatus(value: number | null, t: KpiThresholds): KpiStatus {
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
  return {
    id,
    norm: meta.norm,
    unit: meta.unit,
    value,
    target: base.target,
    ...(base.targetMax !== undefined ? { targetMax: base.targetMax } : {}),
    status: kpiStatus(value, base.thresholds),
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

/** One interval of GET /api/v1/history: raw counts and the rates charts draw. */
export const HistoryInterval = z.object({
  /** epoch ms; the interval is [start, end) */
  start: z.number(),
  end: z.number(),
  offered: z.number(),
  answered: z.number(),
  abandoned: z.number(),
  abandonedShort: z.number(),
  answeredIn3Rings: z.number(),
  answeredInServiceLevel: z.number(),
  ringsPast3: z.number(),
  /** N1: answeredIn3Rings / answered */
  answeredIn3RingsShare: z.number().nullable(),
  /** answered within the service-level time / (answered + abandoned − short abandons) */
  serviceLevel: z.number().nullable(),
  /** (abandoned − short abandons) / (answered + abandoned − short abandons) */
  abandonRate: z.number().nullable(),
  /** N2: average seconds from entering the queue to the specialist */
  avgConnectSeconds: z.number().nullable(),
  /** average seconds from entering the queue to the answer */
  asaSeconds: z.number().nullable(),
  /** N3: average seconds from answer to end */
  avgHandleSeconds: z.number().nullable(),
});
export type HistoryInterval = z.infer<typeof HistoryInterval>;

export const HistoryStep = z.enum(['15m', '1h', '1d']);
export type HistoryStep = z.infer<typeof HistoryStep>;

export const HistoryResponse = z.object({
  sites: z.array(z.string()),
  /** the zone whose hours and days the intervals follow (that of the first site) */
  timeZone: z.string(),
  queue: z.string().optional(),
  step: HistoryStep,
  from: z.number(),
  to: z.number(),
  intervals: z.array(HistoryInterval),
  /** when a feed of these sites (or Obzor) was away: the figures of that time are missing, not zero */
  feedGaps: z.array(z.object({ source: z.string(), from: z.number(), to: z.number() })).optional(),
});
export type HistoryResponse = z.infer<typeof HistoryResponse>;
