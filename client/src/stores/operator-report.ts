/**
 * Issue 17: the operator report asked for on /reports (managers, admins) and its answer. The same
 * query makes its export links (CSV, XLSX), so a file holds exactly what the screen shows.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { apiPath } from '@shared/api.js';
import type { OperatorReport } from '@shared/operator-report.js';
import { fetchOperatorReport } from '../api/obzor-api.js';

export interface OperatorReportAsk {
  sites: string[];
  from: string;
  to: string;
}

export function operatorQueryParams(q: OperatorReportAsk): Record<string, string> {
  return { site: q.sites.join(','), from: q.from, to: q.to };
}

/** the export's address: the report's query with a format (and the CSV's separator, the language) */
export function operatorExportHref(q: OperatorReportAsk, format: 'csv' | 'xlsx', extra: Record<string, string> = {}): string {
  return `${apiPath('reportOperators')}?${new URLSearchParams({ ...operatorQueryParams(q), format, ...extra }).toString()}`;
}

export const useOperatorReportStore = defineStore('operatorReport', () => {
  const report = shallowRef<OperatorReport | null>(null);
  /** the query the shown report answers (its export links) */
  const asked = shallowRef<OperatorReportAsk | null>(null);
  const error = ref<string | null>(null);
  const loading = ref(false);
  let n = 0;

  async function load(q: OperatorReportAsk): Promise<void> {
    const mine = ++n;
    loading.value = true;
    error.value = null;
    try {
      const r = await fetchOperatorReport(operatorQueryParams(q));
      if (mine === n) {
        report.value = r;
        asked.value = { ...q, sites: [...q.sites] };
      }
    } catch (e) {
      if (mine === n) error.value = (e as Error).message;
    } finally {
      if (mine === n) loading.value = false;
    }
  }

  return { report, asked, error, loading, load };
});
