/**
 * GET /api/v1/reports/operators?site=a[,b]&from=&to=[&format=json|csv|xlsx][&sep=semicolon|comma][&lang=ru|en]
 * — issue 17: each operator's work over a period (server/domain/reports/operator-report.ts), as
 * JSON for the /reports view or the same figures in a CSV or XLSX file. Staff's personal data:
 * `view:operator-reports` (managers, admins), never duty or a wall. The same query conventions
 * as the compliance report (docs/reports.md).
 */
import { OperatorReportQuery } from '../../shared/operator-report.js';
import { OPERATOR_REPORT_WORDS } from '../../shared/operator-report-words.js';
import { formatIssues } from '../../shared/validation-error.js';
import { operatorReport } from '../domain/reports/operator-report.js';
import { operatorSheets } from '../domain/reports/operator-table.js';
import { reportTime } from '../domain/reports/report-table.js';
import { sheetsToCsv } from '../reports/report-csv.js';
import { sheetsToXlsx } from '../reports/report-xlsx.js';
import { ApiRouter } from './api-router.js';
import type { RouteModule } from './http-deps.js';
import { invalid } from './problems.js';
import { reportScope } from './report-scope.js';
import { isWholeDays } from '../store/history-reader.js';

export const operatorReportRoutes: RouteModule<'history' | 'reader' | 'sites' | 'retentionDays' | 'rollupDays' | 'clock' | 'guards'> = (deps) => {
  const r = new ApiRouter('/api/v1/reports/operators', deps.guards);
  r.serve('reportOperators', async (req, res) => {
    const parsed = OperatorReportQuery.safeParse(req.query);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, req.query));
    const q = parsed.data;
    if (q.queue !== undefined) throw invalid(`queue: expected none (operators' figures are kept per operator across queues, not per queue), got "${q.queue}"`);
    // several sites are read in the first one's zone, as the compliance report
    const { sites: asked, first, from, to, now } = reportScope(q, res, deps);
    const tz = first.timeZone;
    // whole local days read the roll-ups, kept for years; any other range the 15-minute counters
    const wholeDays = isWholeDays(from, to, tz);
    const maxDays = Math.floor(wholeDays ? deps.rollupDays : deps.retentionDays);
    if (to - from > maxDays * 86_400_000) throw invalid(`to: at most ${maxDays} days from "from"${wholeDays ? '' : ' unless both are the start of a local day'}, got ${Math.ceil((to - from) / 86_400_000)}`);

    const [counts, live] = await Promise.all([
      deps.history.agentTotalsOf({ sites: asked, timeZone: tz, from, to, bucketsFrom: now - deps.retentionDays * 86_400_000 }),
      deps.reader.sitesState(asked),
    ]);
    // the names the live state carries (the sites file's win there), then the sites file's for operators not signed in now
    const names: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const s of asked) for (const [id, name] of Object.entries(deps.sites.get(s)!.agentNames ?? {})) names[id] ??= name;
    for (const state of live.states) for (const a of state.agents) if (a.name !== undefined) names[a.agentId] ??= a.name;
    const report = operatorReport({ sites: asked, timeZone: tz, period: { from, to }, generatedAt: now, counts, names });
    res.set('Cache-Control', 'no-store');
    if (q.format === 'json') return void res.json(report);

    const sheets = operatorSheets(report, q.lang, { sites: asked.map((s) => deps.sites.get(s)!.name[q.lang]).join(', '), ringsToAnswer: first.norms.ringsToAnswer });
    const file = `obzor-operators-${asked.join('+')}-${reportTime(from, tz).slice(0, 10)}--${reportTime(to - 1, tz).slice(0, 10)}`;
    if (q.format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`${file}.csv`).send(sheetsToCsv(sheets, q.sep === 'comma' ? ',' : ';'));
      return;
    }
    const xlsx = await sheetsToXlsx(sheets, { title: OPERATOR_REPORT_WORDS[q.lang].title, created: new Date(now) });
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`${file}.xlsx`).send(xlsx);
  });
  return r;
};
