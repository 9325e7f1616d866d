/**
 * Issue 17: the operator report asked for on /reports (managers, admins) and its answer. The same
 * query makes its export links (CSV, XLSX), so a file holds exactly what the screen shows.
 */
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import { apiPath } from '@shared/api.js';
import { fetchOperatorReport } from '../api/obzor-api.js';
import { latestReport, reportExportHref } from './latest-report.js';

export interface OperatorReportAsk {
  sites: string[];
  from: string;
  to: string;
}

export function operatorQueryParams(q: OperatorReportAsk): Record<string, string> {
  return { site: q.sites.join(','), from: q.from, to: q.to };
}

export function operatorExportHref(q: OperatorReportAsk, format: 'csv' | 'xlsx', extra: Record<string, string> = {}): string {
  return reportExportHref(apiPath('reportOperators'), operatorQueryParams(q), format, extra);
}

export const useOperatorReportStore = defineStore('operatorReport', () => {
  /** the query the shown report answers (its export links) */
  const asked = shallowRef<OperatorReportAsk | null>(null);
  const latest = latestReport(
    (q: OperatorReportAsk) => fetchOperatorReport(operatorQueryParams(q)),
    (q) => (asked.value = { ...q, sites: [...q.sites] }),
  );
  return { ...latest, asked };
});
