/**
 * The KPI a screen shows for the sites it shows, as the server judges it: one site's own KPI
 * (its thresholds, the sites file's overrides included); several sites together the way the
 * server makes the centre's — combined by the shared rule (shared/kpi-rules.ts) and judged by
 * the centre's limits, which the snapshot's `kpis` carry. A value that moves with the clock is
 * re-measured per site first and judged by that site's own thresholds (`kpiAt`).
 */
import type { Kpi } from '@shared/kpi.js';
import { combineKpi, type KpiId, type KpiTemplate } from '@shared/kpi-rules.js';

/** `parts`: the KPI of each shown site (undefined where a site has none); `centre`: the snapshot's `kpis` */
export function kpiOfSites(id: KpiId, parts: readonly (Kpi | undefined)[], centre?: Readonly<Partial<Record<KpiId, KpiTemplate>>> | null): Kpi | undefined {
  const known = parts.filter((k): k is Kpi => k !== undefined);
  if (known.length <= 1) return known[0];
  return combineKpi(id, known, centre?.[id]);
}
