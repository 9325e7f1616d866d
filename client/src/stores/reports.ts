/**
 * Issue 17: the report asked for on /reports and its answer. The same query makes the export
 * links (CSV, XLSX), so a file holds exactly what the screen shows.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { apiPath } from '@shared/api.js';
import type { ComplianceReport, ReportGroup, ReportStep } from '@shared/reports.js';
import { fetchComplianceReport } from '../api/obzor-api.js';

export interface ReportQuery {
  sites: string[];
  queue: string;
  from: string;
  to: string;
  step: ReportStep;
  /** '' none, or a block per site or queue */
  group: ReportGroup | '';
}

export function reportQueryParams(q: ReportQuery): Record<string, string> {
  return { site: q.sites.join(','), from: q.from, to: q.to, step: q.step, ...(q.queue ? { queue: q.queue } : {}), ...(q.group ? { group: q.group } : {}) };
}

/** the export's address: the report's query with a format (and the CSV's separator, the language) */
export function exportHref(q: ReportQuery, format: 'csv' | 'xlsx', extra: Record<string, string> = {}): string {
  return `${apiPath('reportCompliance')}?${new URLSearchParams({ ...reportQueryParams(q), format, ...extra }).toString()}`;
}

export const useReportsStore = defineStore('reports', () => {
  const report = shallowRef<ComplianceReport | null>(null);
  const error = ref<string | null>(null);
  const loading = ref(false);
  let asked = 0;

  async function load(q: ReportQuery): Promise<void> {
    const mine = ++asked;
    loading.value = true;
    error.value = null;
    try {
      const r = await fetchComplianceReport(reportQueryParams(q));
      if (mine === asked) report.value = r;
    } catch (e) {
      if (mine === asked) error.value = (e as Error).message;
    } finally {
      if (mine === asked) loading.value = false;
    }
  }

  return { report, error, loading, load };
});
