/**
 * Issue 17: the appeals report asked for on /reports and its answer. The same query makes the
 * export links (CSV, XLSX), so a file holds exactly what the screen shows.
 */
import { defineStore } from 'pinia';
import { apiPath } from '@shared/api.js';
import { fetchAppealsReport } from '../api/obzor-api.js';
import { latestReport, reportExportHref } from './latest-report.js';

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

export function appealsExportHref(q: AppealsQuery, format: 'csv' | 'xlsx', extra: Record<string, string> = {}): string {
  return reportExportHref(apiPath('reportAppeals'), appealsQueryParams(q), format, extra);
}

export const useAppealsReportStore = defineStore('appealsReport', () => latestReport((q: AppealsQuery) => fetchAppealsReport(appealsQueryParams(q))));
