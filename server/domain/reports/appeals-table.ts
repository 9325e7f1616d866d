/**
 * The appeals report as sheets of cells (issue 17) — by channel, rejected by reason, year on year —
 * what its CSV and XLSX both write, so the two hold the same figures. Days and percents to 0.1;
 * times in the report's zone. Pure.
 */
import type { AppealFigures, AppealsReport } from '../../../shared/appeals-report.js';
import { APPEALS_REPORT_WORDS } from '../../../shared/appeals-report-words.js';
import { changePercent, daysShown } from '../../../shared/appeals-report-figures.js';
import { REPORT_WORDS, type ReportLang } from '../../../shared/report-words.js';
import { reportTime, type Cell, type Sheet } from './report-table.js';


export function appealsSheets(r: AppealsReport, lang: ReportLang, names: { sites: string }): Sheet[] {
  const w = APPEALS_REPORT_WORDS[lang];
  const rw = REPORT_WORDS[lang];
  const at = (ms: number) => reportTime(ms, r.timeZone);
  const heading: Cell[][] = [[w.title], [rw.sites, names.sites], [rw.period, `${at(r.period.from)} — ${at(r.period.to)}`], [rw.zone, r.timeZone], [rw.generatedAt, at(r.generatedAt)]];
  const figures = (f: AppealFigures): Cell[] => [f.registered, f.onTime, f.late, f.rejected, f.open, f.overdue, daysShown(f.avgDaysToAnswer)];

  const byChannel: Sheet = {
    name: w.byChannelSheet,
    heading: [...heading, [w.byChannelNote]],
    header: [w.channel, w.clientType, w.registered, w.onTime, w.late, w.rejected, w.open, w.overdue, w.avgDays],
    rows: [...r.rows.map((x) => [w.channels[x.channel], w.clientTypes[x.clientType], ...figures(x)]), [w.total, '', ...figures(r.totals)]],
  };
  const rejected: Sheet = {
    name: w.rejectedSheet,
    heading: [[w.rejectedTitle], [rw.sites, names.sites], [rw.period, `${at(r.period.from)} — ${at(r.period.to)}`]],
    header: [w.reason, w.count],
    rows: [...r.rejectedByReason.map((x) => [w.reasons[x.reason], x.count]), [w.total, r.totals.rejected]],
  };
  const g = r.regulator;
  const incomplete = g.complete ? [] : [[w.incomplete.replace('{year}', String(g.year)).replace('{date}', at(r.generatedAt))]];
  const regulator: Sheet = {
    name: w.regulatorSheet,
    heading: [[w.regulatorSheetTitle], [rw.sites, names.sites], [rw.zone, r.timeZone], ...incomplete],
    header: [w.channel, String(g.year - 1), String(g.year), w.change],
    rows: g.rows.map((x) => [w.channels[x.channel], x.previous, x.current, changePercent(x.change)]),
  };
  return [byChannel, rejected, regulator];
}
