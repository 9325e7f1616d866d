/**
 * GET /api/v1/reports/compliance?site=a[,b]&from=&to=[&step=15m|1h|1d|1w|1mo][&queue=][&group=site|queue][&format=json|csv|xlsx][&sep=semicolon|comma][&lang=ru|en]
 * — issue 17: the standard's compliance over a period (server/domain/reports/compliance-report.ts),
 * as JSON for the /reports view or as the same figures in a CSV or XLSX file for people and scripts.
 */
import { z } from 'zod';
import { EntityId } from '../../shared/events.js';
import { REPORT_GROUPS, REPORT_STEPS, readsRollups, type ComplianceReport } from '../../shared/reports.js';
import { REPORT_WORDS } from '../../shared/report-words.js';
import { formatIssues } from '../../shared/validation-error.js';
import { intervalCount } from '../domain/kpi/history-intervals.js';
import { kpiSetting } from '../domain/kpi/kpi-formulas.js';
import { comparisonPeriods, complianceReport } from '../domain/reports/compliance-report.js';
import { complianceSheets, reportTime } from '../domain/reports/report-table.js';
import { sheetsToCsv } from '../reports/report-csv.js';
import { sheetsToXlsx } from '../reports/report-xlsx.js';
import { ApiRouter } from './api-router.js';
import type { RouteModule } from './http-deps.js';
import { invalid } from './problems.js';
import { reportScope } from './report-scope.js';
import { readGroups } from './compliance-groups.js';
import { MAX_INTERVALS } from './history-route.js';

const Query = z
  .object({
    site: z.string().max(2000).optional(),
    from: z.string().max(40).optional(),
    to: z.string().max(40).optional(),
    step: z.enum(REPORT_STEPS).default('1d'),
    queue: EntityId.optional(),
    group: z.enum(REPORT_GROUPS).optional(),
    format: z.enum(['json', 'csv', 'xlsx']).default('json'),
    sep: z.enum(['semicolon', 'comma']).default('semicolon'),
    lang: z.enum(['ru', 'en']).default('ru'),
  })
  .strict();


export const reportsRoutes: RouteModule<'history' | 'gaps' | 'sites' | 'retentionDays' | 'rollupDays' | 'clock' | 'guards'> = (deps) => {
  const r = new ApiRouter('/api/v1/reports', deps.guards);

  r.serve('reportCompliance', async (req, res) => {
    const parsed = Query.safeParse(req.query);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, req.query));
    const q = parsed.data;
    // one queue's report has no queues to group by
    if (q.group === 'queue' && q.queue) throw invalid(`group: expected none or "site" with queue=, got "queue"`);
    const { sites: asked, first, from, to, now } = reportScope(q, res, deps);
    const tz = first.timeZone;
    // by days a report reads the roll-ups, kept for years; finer steps the 15-minute counters
    const maxDays = Math.floor(readsRollups(q.step) ? deps.rollupDays : deps.retentionDays);
    if (to - from > maxDays * 86_400_000) throw invalid(`to: at most ${maxDays} days from "from" by ${q.step}, got ${Math.ceil((to - from) / 86_400_000)}`);
    const count = intervalCount(from, to, q.step);
    if (count > MAX_INTERVALS) throw invalid(`step: ${count} intervals of ${q.step} asked for, at most ${MAX_INTERVALS}; use a larger step or a shorter period`);

    // days older than the buckets' retention are read from their roll-ups alone (no 96 reads of expired buckets a day)
    const scope = { sites: asked, timeZone: tz, bucketsFrom: now - deps.retentionDays * 86_400_000, ...(q.queue ? { queue: q.queue } : {}) };
    const kept = (p: { from: number }) => p.from >= now - (readsRollups(q.step) ? deps.rollupDays : deps.retentionDays) * 86_400_000;
    const { previous, yearBefore } = comparisonPeriods({ from, to }, tz);
    const groupScope = { ...scope, first, site: (id: string) => deps.sites.get(id)!, step: q.step, period: { from, to }, previous: kept(previous) ? previous : null, yearBefore: kept(yearBefore) ? yearBefore : null };
    const [intervals, prev, year, feedGaps, blocks] = await Promise.all([
      deps.history.readTotals({ ...scope, from, to, step: q.step }),
      kept(previous) ? deps.history.totalsOf({ ...scope, ...previous }) : Promise.resolve(null),
      kept(yearBefore) ? deps.history.totalsOf({ ...scope, ...yearBefore }) : Promise.resolve(null),
      deps.gaps(asked, from, to),
      q.group ? readGroups(q.group, deps.history, groupScope) : Promise.resolve(null),
    ]);
    const report: ComplianceReport = complianceReport({
      ...scope,
      step: q.step,
      period: { from, to },
      generatedAt: now,
      intervals,
      previous: prev && prev.offered > 0 ? prev : null,
      yearBefore: year && year.offered > 0 ? year : null,
      setting: (kpi) => kpiSetting(kpi, first.norms, first.thresholds),
      feedGaps,
      ...(q.group && blocks ? { groups: { by: q.group, blocks } } : {}),
    });
    res.set('Cache-Control', 'no-store');
    if (q.format === 'json') return void res.json(report);

    const siteName = (s: string) => deps.sites.get(s)!.name[q.lang];
    const queueName = (id: string) => asked.map((s) => deps.sites.get(s)!.queueNames?.[id]?.[q.lang]).find(Boolean) ?? id;
    const names = { sites: asked.map(siteName).join(', '), ...(q.queue ? { queue: q.queue } : {}), ringsToAnswer: first.norms.ringsToAnswer, group: (id: string) => (q.group === 'site' ? siteName(id) : queueName(id)) };
    const sheets = complianceSheets(report, q.lang, names);
    // named by the period's local dates, as people asked for it
    const file = `obzor-compliance-${asked.join('+')}-${reportTime(from, tz).slice(0, 10)}--${reportTime(to - 1, tz).slice(0, 10)}`;
    if (q.format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`${file}.csv`).send(sheetsToCsv(sheets, q.sep === 'comma' ? ',' : ';'));
      return;
    }
    const xlsx = await sheetsToXlsx(sheets, { title: REPORT_WORDS[q.lang].title, created: new Date(now) });
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`${file}.xlsx`).send(xlsx);
  });
  return r;
};
