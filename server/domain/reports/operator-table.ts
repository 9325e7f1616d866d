/**
 * The operator report as sheets of cells (issue 17): what its CSV and XLSX both write, from the
 * same table as the compliance report's (report-table.ts `Sheet`), so the two hold the same
 * figures. Seconds and minutes to 0.1; times in the report's zone. Pure.
 */
import { NO_PAUSE_REASON, type OperatorFigures, type OperatorReport } from '../../../shared/operator-report.js';
import { fillWords, OPERATOR_REPORT_WORDS, type OperatorReportLang } from '../../../shared/operator-report-words.js';
import { REPORT_WORDS } from '../../../shared/report-words.js';
import { reportTime, type Cell, type Sheet } from './report-table.js';

const round1 = (x: number) => Math.round(x * 10) / 10;
const sec1 = (s: number | null) => (s === null ? null : round1(s));
const min1 = (s: number) => round1(s / 60);

/** a pause reason as people read it (`~`: none given) */
export const reasonWord = (reason: string, lang: OperatorReportLang) => (reason === NO_PAUSE_REASON ? OPERATOR_REPORT_WORDS[lang].noReason : reason);

export function operatorSheets(r: OperatorReport, lang: OperatorReportLang, names: { sites: string; ringsToAnswer: number }): Sheet[] {
  const w = OPERATOR_REPORT_WORDS[lang];
  const common = REPORT_WORDS[lang];
  const at = (ms: number) => reportTime(ms, r.timeZone);
  const heading: Cell[][] = [
    [w.title],
    [common.sites, names.sites],
    [common.period, `${at(r.period.from)} — ${at(r.period.to)}`],
    [common.zone, r.timeZone],
    [common.generatedAt, at(r.generatedAt)],
    ...(r.callbacksByOthers ? [[w.byOthers, r.callbacksByOthers]] : []),
    [w.note],
  ];
  const cells = (f: OperatorFigures): Cell[] => [
    f.offered,
    f.answered,
    f.missed,
    f.ringsPast3,
    f.talks,
    sec1(f.talkAvgSec),
    f.acw,
    sec1(f.acwAvgSec),
    f.pauses,
    min1(f.pauseSec),
    ...r.reasons.map((reason) => min1(f.pausesByReason.find((p) => p.reason === reason)?.seconds ?? 0)),
    f.callbacks,
    f.callbacksReached,
  ];
  return [
    {
      name: w.sheet,
      heading,
      header: [
        w.operator,
        w.agentId,
        w.offered,
        w.answered,
        w.missed,
        fillWords(w.ringsPast3, { rings: names.ringsToAnswer }),
        w.talks,
        w.talkAvg,
        w.acw,
        w.acwAvg,
        w.pauses,
        w.pauseMin,
        ...r.reasons.map((reason) => fillWords(w.pauseReason, { reason: reasonWord(reason, lang) })),
        w.callbacks,
        w.callbacksReached,
      ],
      rows: [...r.rows.map((row) => [row.name ?? row.agentId, row.agentId, ...cells(row)]), [w.total, null, ...cells(r.totals)]],
    },
  ];
}
