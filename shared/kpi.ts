/**
 * Key performance indicators: each measurable norm of the service standard
 * (docs/service-standard.md, N1…N15) as a live number with its target and a status.
 * The server computes them (server/domain/kpi/kpi-formulas.ts, formulas and default targets
 * side by side; docs/kpis.md); this module holds their shape as zod schemas, and the history's.
 * Which KPIs there are, the status rule and how sites add up: shared/kpi-rules.ts.
 */
import { z } from 'zod';
import { HISTORY_COUNTERS, type HistoryCounter } from './counters.js';
import { KPI_IDS, KPI_STATUSES, KPI_UNITS } from './kpi-rules.js';

export const KpiId = z.enum(KPI_IDS);
export type KpiId = z.infer<typeof KpiId>;

export const KpiStatus = z.enum(KPI_STATUSES);
export type KpiStatus = z.infer<typeof KpiStatus>;

/** `ratio`: a share 0…1; `seconds`: a duration; `count`: a number of things; `flag`: 1 = yes, 0 = no. */
export const KpiUnit = z.enum(KPI_UNITS);
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

export const QueueKpis = z.partialRecord(KpiId, Kpi);
export type QueueKpis = z.infer<typeof QueueKpis>;

const historyCounts = Object.fromEntries(HISTORY_COUNTERS.map((c) => [c, z.number()])) as Record<HistoryCounter, z.ZodNumber>;

/** One interval of GET /api/v1/history: raw counts and the rates charts draw. */
export const HistoryInterval = z.object({
  /** epoch ms; the interval is [start, end) */
  start: z.number(),
  end: z.number(),
  /** the counts of the interval: the counter table's `history` counters (shared/counters.ts) */
  ...historyCounts,
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
