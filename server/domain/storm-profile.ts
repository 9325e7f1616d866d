/**
 * Issue 16: while an incident is open, a site with a storm profile is judged by it — each KPI's
 * storm limits over its everyday ones, field by field (a profile that only loosens N1's warn limit
 * keeps N1's alert limit and every other KPI as they were). Pure.
 */
import type { KpiOverrides } from '../../shared/site-settings.js';
import type { KpiId } from '../../shared/kpi-rules.js';

export function stormActive(storm: KpiOverrides | undefined, openIncidents: number): boolean {
  return storm !== undefined && openIncidents > 0;
}

export function thresholdsInStorm(everyday: KpiOverrides, storm: KpiOverrides): KpiOverrides {
  const out: KpiOverrides = { ...everyday };
  for (const id of Object.keys(storm) as KpiId[]) out[id] = { ...everyday[id], ...storm[id] };
  return out;
}
