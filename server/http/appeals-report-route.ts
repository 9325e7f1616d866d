/**
 * GET /api/v1/reports/appeals?site=a[,b]&from=&to=[&year=][&format=json|csv|xlsx][&sep=semicolon|comma][&lang=ru|en]
 * — issue 17: the appeals registered in a period by channel and client type and what became of
 * them, the rejected by reason, and the regulator's year-on-year table by channel
 * (server/domain/reports/appeals-report.ts), as JSON for /reports or the same figures as a file.
 */
import { z } from 'zod';
import { APPEALS_REPORT_WORDS } from '../../shared/appeals-report-words.js';
import type { AppealsReport } from '../../shared/appeals-report.js';
import { formatIssues } from '../../shared/validation-error.js';
import { appealsReport, regulatorYears, yearOf } from '../domain/reports/appeals-report.js';
import { appealsSheets } from '../domain/reports/appeals-table.js';
import { reportTime } from '../domain/reports/report-table.js';
import { isWholeDays } from '../store/history-reader.js';
import { sheetsToCsv } from '../reports/report-csv.js';
import { sheetsToXlsx } from '../reports/report-xlsx.js';
import { ApiRouter } from './api-router.js';
import type { RouteModule } from './http-deps.js';
import { invalid } from './problems.js';
import { reportScope } from './report-scope.js';

const Query = z
  .object({
    site: z.string().max(2000).optional(),
    from: z.string().max(40).optional(),
    to: z.string().max(40).optional(),
    /** the regulator's year N (default: the year of `to`) */
    year: z.string().regex(/^\d{4}$/, 'a year YYYY').optional(),
    format: z.enum(['json', 'csv', 'xlsx']).default('json'),
    sep: z.enum(['semicolon', 'comma']).default('semicolon'),
    lang: z.enum(['ru', 'en']).default('ru'),
  })
  .strict();

const DAY_MS = 86_400_000;

export const appealsReportRoutes: RouteModule<'history' | 'reader' | 'sites' | 'retentionDays' | 'rollupDays' | 'clock' | 'guards'> = (deps) => {
  const r = new ApiRouter('/api/v1/reports', deps.guards);

  r.serve('reportAppeals', async (req, res) => {
    const parsed = Query.safeParse(req.query);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, req.query, 'query'));
    const q = parsed.data;
    const { sites, first, from, to, now } = reportScope(q, res, deps, true);
    const tz = first.timeZone;
    // the report's counters are kept by local days only (their roll-ups, for years: shared/counters.ts `rollupOnly`)
    if (!isWholeDays(from, to, tz)) throw invalid(`from: expected local dates YYYY-MM-DD (or local midnights) for from and to: the appeals report counts by days in ${tz}`);
    const maxDays = Math.floor(deps.rollupDays);
    if (to - from > maxDays * DAY_MS) throw invalid(`to: at most ${maxDays} days from "from", got ${Math.ceil((to - from) / DAY_MS)}`);
    const year = q.year === undefined ? yearOf(to - 1, tz) : Number(q.year);
    const years = regulatorYears(year, tz);
    if (years.current.from > now) throw invalid(`year: expected a year that has begun, got ${year}`);

    const scope = { sites, timeZone: tz, bucketsFrom: now - deps.retentionDays * DAY_MS };
    // a year whose start is older than the roll-ups' retention is not known (null), never 0
    const kept = (p: { from: number }) => p.from >= now - deps.rollupDays * DAY_MS;
    const registrations = async (p: { from: number; to: number }) => (kept(p) ? (await deps.history.splitOf({ ...scope, ...p })).byKey.appealsByChannel : null);
    const [period, previousYear, currentYear, live] = await Promise.all([deps.history.splitOf({ ...scope, from, to }), registrations(years.previous), registrations(years.current), deps.reader.sitesState(sites)]);
    // the open appeals' deadlines are in their live backlog (the counters cannot know "now")
    const backlog = live.failed.length ? null : live.states.flatMap((s) => s.appeals);
    const report: AppealsReport = appealsReport({ sites, timeZone: tz, period: { from, to }, generatedAt: now, counts: period.byKey, backlog, year, previousYear, currentYear });
    res.set('Cache-Control', 'no-store');
    if (q.format === 'json') return void res.json(report);

    const sheets = appealsSheets(report, q.lang, { sites: sites.map((s) => deps.sites.get(s)!.name[q.lang]).join(', ') });
    const file = `obzor-appeals-${sites.join('+')}-${reportTime(from, tz).slice(0, 10)}--${reportTime(to - 1, tz).slice(0, 10)}`;
    if (q.format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`${file}.csv`).send(sheetsToCsv(sheets, q.sep === 'comma' ? ',' : ';'));
      return;
    }
    const xlsx = await sheetsToXlsx(sheets, { title: APPEALS_REPORT_WORDS[q.lang].title, created: new Date(now) });
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`${file}.xlsx`).send(xlsx);
  });
  return r;
};
