/**
 * Issue 17: the report asked for on /reports and its answer. The same query makes the export
 * links (CSV, XLSX), so a file holds exactly what the screen shows.
 */
import { defineStore } from 'pinia';
import { apiPath } from '@shared/api.js';
import type { ReportGroup, ReportStep } from '@shared/reports.js';
import { fetchComplianceReport } from '../api/obzor-api.js';
import { latestReport, reportExportHref } from './latest-report.js';

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

export function exportHref(q: ReportQuery, format: 'csv' | 'xlsx', extra: Record<string, string> = {}): string {
  return reportExportHref(apiPath('reportCompliance'), reportQueryParams(q), format, extra);
}

export const useReportsStore = defineStore('reports', () => latestReport((q: ReportQuery) => fetchComplianceReport(reportQueryParams(q))));
