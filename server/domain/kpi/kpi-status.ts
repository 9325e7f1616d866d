/**
 * A KPI's target and thresholds for one site: the defaults of kpi-formulas.ts (which follow
 * the site's norms) with the site's overrides from the sites file laid over them.
 */
import type { KpiOverride } from '../../../shared/site-settings.js';
import type { Kpi, KpiThresholds } from '../../../shared/kpi.js';
import { KPI_META, kpiStatus, type KpiId } from '../../../shared/kpi-rules.js';

export { KpiOverride, KpiOverrides } from '../../../shared/site-settings.js';

export interface KpiSetting {
  target: number | null;
  targetMax?: number;
  thresholds: KpiThresholds;
}

const LIMITS = ['warnBelow', 'alertBelow', 'warnAbove', 'alertAbove'] as const;

export function applyOverride(base: KpiSetting, o: KpiOverride | undefined): KpiSetting {
  if (!o) return base;
  const thresholds: KpiThresholds = { ...base.thresholds };
  for (const k of LIMITS) {
    const v = o[k];
    if (v === null) delete thresholds[k];
    else if (v !== undefined) thresholds[k] = v;
  }
  const targetMax = o.targetMax ?? base.targetMax;
  return { target: o.target !== undefined ? o.target : base.target, ...(targetMax !== undefined ? { targetMax } : {}), thresholds };
}

export interface KpiMeasure {
  value: number | null;
  num?: number;
  den?: number;
  breakdown?: Record<string, number>;
}

/** The KPI object the snapshot carries: measure + setting + status; `closed`: its lines are closed now (kpi/closed-lines.ts). */
export function evaluateKpi(id: KpiId, m: KpiMeasure, s: KpiSetting, closed = false): Kpi {
  const meta = KPI_META[id];
  return {
    id,
    norm: meta.norm,
    unit: meta.unit,
    value: m.value,
    target: s.target,
    ...(s.targetMax !== undefined ? { targetMax: s.targetMax } : {}),
    status: closed ? 'closed' : kpiStatus(m.value, s.thresholds),
    thresholds: s.thresholds,
    ...(m.num !== undefined ? { num: m.num, den: m.den ?? 0 } : {}),
    ...(m.breakdown ? { breakdown: m.breakdown } : {}),
  };
}
