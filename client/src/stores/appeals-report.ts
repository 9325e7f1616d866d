/**
 * Issue 17: the appeals report asked for on /reports and its answer. The same query makes the
 * export links (CSV, XLSX), so a file holds exactly what the screen shows.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { apiPath } from '@shared/api.js';
import type { AppealsReport } from '@shared/appeals-report.js';
import { fetchAppealsReport } from '../api/obzor-api.js';

export interface AppealsQuery {
  sites: string[];
  from: string;
  to: string;
  /** the regulator's year N; '' the year of `to` */
  year: string;
}

export function appealsQueryParams(q: AppealsQuery): Record<string, string> {
  return { site: q.sites.join(','), from: q.from, to: q.to, ...(q.year ? { year: q.year } : {}) };
}

/** the export's address: the report's query with a format (and the CSV's separator, the language) */
export function appealsExportHref(q: AppealsQuery, format: 'csv' | 'xlsx', extra: Record<string, string> = {}): string {
  return `${apiPath('reportAppeals')}?${new URLSearchParams({ ...appealsQueryParams(q), format, ...extra }).toString()}`;
}

export const useAppealsReportStore = defineStore('appealsReport', () => {
  const report = shallowRef<AppealsReport | null>(null);
  const error = ref<string | null>(null);
  const loading = ref(false);
  let asked = 0;

  async function load(q: AppealsQuery): Promise<void> {
    const mine = ++asked;
    loading.value = true;
    error.value = null;
    try {
      const r = await fetchAppealsReport(appealsQueryParams(q));
      if (mine === asked) report.value = r;
    } catch (e) {
      if (mine === asked) error.value = (e as Error).message;
    } finally {
      if (mine === asked) loading.value = false;
    }
  }

  return { report, error, loading, load };
});
