/**
 * Issue 17, reports: the compliance report's shape — for each call norm of the standard, its value
 * over the period, its target and limits, how many of the period's intervals kept it, the worst
 * intervals, and the same figure for the previous period and the same period a year before. Typed
 * once for the server's JSON, CSV and XLSX and for the client's view. No zod (the client imports it).
 */
import type { KpiId, KpiUnit } from './kpi-rules.js';
import type { KpiThresholds } from './kpi.js';

/** the KPIs a report can judge from history (the counters keep what they need), and the interval field each reads */
export const REPORT_KPIS = [
  { kpi: 'answeredIn3Rings', field: 'answeredIn3RingsShare' },
  { kpi: 'serviceLevel', field: 'serviceLevel' },
  { kpi: 'abandonRate', field: 'abandonRate' },
  { kpi: 'connectAvg', field: 'avgConnectSeconds' },
  { kpi: 'asa', field: 'asaSeconds' },
  { kpi: 'handleAvg', field: 'avgHandleSeconds' },
] as const satisfies readonly { kpi: KpiId; field: string }[];

export type ReportKpi = (typeof REPORT_KPIS)[number]['kpi'];
export type ReportField = (typeof REPORT_KPIS)[number]['field'];

/** 15 minutes, local hours and days, and local weeks (Monday–Sunday) and calendar months read from the daily roll-ups */
export const REPORT_STEPS = ['15m', '1h', '1d', '1w', '1mo'] as const;
export type ReportStep = (typeof REPORT_STEPS)[number];

/** a step of whole local days: read from the daily roll-ups (kept for years), not the 15-minute counters */
export const readsRollups = (step: ReportStep): boolean => step === '1d' || step === '1w' || step === '1mo';

/** a report's figures besides the whole: one block per site (judged by its own norms) or per queue (its own view) */
export const REPORT_GROUPS = ['site', 'queue'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

export interface ReportPeriod {
  from: number;
  to: number;
}

export interface ComplianceRow {
  kpi: ReportKpi;
  norm: string;
  unit: KpiUnit;
  /** over the whole period (its counters summed, then the KPI's formula) */
  value: number | null;
  target: number | null;
  targetMax?: number;
  thresholds: KpiThresholds;
  /** the period's value judged by the site's limits; `none` without a value */
  status: 'ok' | 'warn' | 'alert' | 'none';
  /** intervals with a value, and of them those within the norm (not past its warn limit) */
  intervals: number;
  withinNorm: number;
  /** withinNorm ÷ intervals; null without intervals */
  compliance: number | null;
  /** the worst intervals, worst first (at most 3) */
  worst: { start: number; end: number; value: number }[];
  /** the same figure a period earlier, and a year earlier; null: no data kept or no calls */
  previous: number | null;
  yearBefore: number | null;
}

export interface ComplianceInterval {
  start: number;
  end: number;
  offered: number;
  answered: number;
  abandoned: number;
  values: Record<ReportKpi, number | null>;
  /** each value judged by the limits of the block it is in (the client draws these, never judges) */
  statuses: Record<ReportKpi, ReportStatus>;
}

export type ReportStatus = ComplianceRow['status'];

/** one site's figures (judged by that site's norms and limits) or one queue's (its own view), beside the whole */
export interface ComplianceGroup {
  /** the site's or the queue's id */
  id: string;
  totals: ComplianceReport['totals'];
  rows: ComplianceRow[];
  intervals: ComplianceInterval[];
}

export interface ComplianceReport {
  sites: string[];
  queue?: string;
  timeZone: string;
  step: ReportStep;
  period: ReportPeriod;
  previousPeriod: ReportPeriod;
  yearBeforePeriod: ReportPeriod;
  generatedAt: number;
  totals: { offered: number; answered: number; abandoned: number };
  rows: ComplianceRow[];
  intervals: ComplianceInterval[];
  /** `group=site|queue`: how the report is grouped, and a block per site or queue (sites in the asked order, queues by id) */
  group?: ReportGroup;
  groups?: ComplianceGroup[];
  /** when a feed of these sites was away in the period: its figures are missing, not zero */
  feedGaps?: { source: string; from: number; to: number }[];
}

/** a KPI's value as reports show it (screen, CSV, XLSX alike): a share in percent, seconds as they are, to 0.1 */
export function reportNumber(unit: KpiUnit, v: number | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  return Math.round((unit === 'ratio' ? v * 100 : v) * 10) / 10;
}
