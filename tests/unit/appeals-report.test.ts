/**
 * Issue 17, the appeals report's arithmetic (server/domain/reports/appeals-report.ts): the fate of
 * the period's registrations by channel and client type from the keyed counters, open as what is
 * neither answered nor rejected, days to answer over the answered, the rejected by reason, and the
 * regulator's year on year with a change of null (not Infinity) when year N−1 had none.
 */
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { AppealsReport } from '../../shared/appeals-report.js';
import { appealsReport, regulatorYears, yearChange } from '../../server/domain/reports/appeals-report.js';
import { appealsSheets } from '../../server/domain/reports/appeals-table.js';
import { changePercent } from '../../shared/appeals-report-figures.js';

const ZONE = 'Asia/Sakhalin';
const DAY = 86_400_000;

const NOW = DateTime.fromISO('2026-01-12T10:00', { zone: ZONE }).toMillis();

const report = (over: Partial<Parameters<typeof appealsReport>[0]> = {}) =>
  appealsReport({
    sites: ['s'],
    timeZone: ZONE,
    period: { from: 0, to: DAY },
    generatedAt: NOW,
    // the live backlog: open appeals still within their deadline (in the period, and one registered after it), one past it
    backlog: [
      { channel: 'phone', clientType: 'individual', registeredAt: 100, dueAt: NOW + DAY },
      { channel: 'answering_machine', clientType: 'individual', registeredAt: 200, dueAt: NOW + 1 },
      { channel: 'answering_machine', clientType: 'individual', registeredAt: 300, dueAt: NOW - 1 },
      { channel: 'phone', clientType: 'legal', registeredAt: DAY + 5, dueAt: NOW + DAY },
    ],
    counts: {
      appealsByChannel: { 'phone:individual': 5, 'mail:legal': 2, 'answering_machine:individual': 3 },
      appealsAnsweredByChannel: { 'phone:individual': 3, 'answering_machine:individual': 1 },
      appealsLateByChannel: { 'phone:individual': 1 },
      appealsAnswerMsByChannel: { 'phone:individual': 3 * 2 * DAY, 'answering_machine:individual': 7 * DAY },
      appealsRejectedByChannel: { 'phone:individual:abusive': 1, 'mail:legal:commercial_secret': 2 },
    },
    year: 2026,
    previousYear: { 'phone:individual': 4, 'phone:legal': 6, 'mail:legal': 0 },
    currentYear: { 'phone:individual': 15, 'mail:individual': 2, 'interactive:individual': 1 },
    ...over,
  });

describe('the appeals report', () => {
  it('tells what became of each channel and client type, in the contract’s shape', () => {
    const r = report();
    expect(AppealsReport.parse(r)).toEqual(r);
    // every pair N14 allows, in order; a legal entity never interactive
    expect(r.rows.map((x) => `${x.channel}:${x.clientType}`)).toEqual(['phone:individual', 'phone:legal', 'mail:individual', 'mail:legal', 'interactive:individual', 'answering_machine:individual', 'answering_machine:legal']);
    const row = (pair: string) => r.rows.find((x) => `${x.channel}:${x.clientType}` === pair)!;
    expect(row('phone:individual')).toMatchObject({ registered: 5, onTime: 2, late: 1, rejected: 1, open: 1, overdue: 0, avgDaysToAnswer: 2 });
    expect(row('mail:legal')).toMatchObject({ registered: 2, onTime: 0, late: 0, rejected: 2, open: 0, avgDaysToAnswer: null });
    expect(row('answering_machine:individual')).toMatchObject({ registered: 3, onTime: 1, open: 2, overdue: 1, avgDaysToAnswer: 7 });
    expect(row('phone:legal')).toMatchObject({ registered: 0, open: 0, avgDaysToAnswer: null });
    // the whole: the days to answer over all answered (13 days of 4 answers), never an average of averages
    expect(r.totals).toEqual({ registered: 10, onTime: 3, late: 1, rejected: 3, open: 3, overdue: 1, avgDaysToAnswer: 13 / 4 });
    // without the backlog, how many are overdue is not known (null), never 0
    expect(report({ backlog: null }).totals.overdue).toBeNull();
    expect(r.rejectedByReason).toEqual([
      { reason: 'abusive', count: 1 },
      { reason: 'no_client_data', count: 0 },
      { reason: 'commercial_secret', count: 2 },
    ]);
  });

  it('compares year N with N−1 by channel: null, not Infinity, where N−1 had none', () => {
    const g = report().regulator;
    expect(g.rows).toEqual([
      { channel: 'phone', previous: 10, current: 15, change: 0.5 },
      { channel: 'mail', previous: 0, current: 2, change: null },
      { channel: 'interactive', previous: 0, current: 1, change: null },
      { channel: 'answering_machine', previous: 0, current: 0, change: null },
      { channel: 'all', previous: 10, current: 18, change: 0.8 },
    ]);
    expect(g.complete).toBe(false);
    expect(g.previousPeriod).toEqual(regulatorYears(2026, ZONE).previous);
    expect(g.currentPeriod.from).toBe(DateTime.fromISO('2026-01-01', { zone: ZONE }).toMillis());
    expect(g.currentPeriod.to).toBe(DateTime.fromISO('2027-01-01', { zone: ZONE }).toMillis());
    // a year the roll-ups no longer keep is not known
    expect(report({ previousYear: null }).regulator.rows.at(-1)).toEqual({ channel: 'all', previous: null, current: 18, change: null });
    expect(yearChange(4, 3)).toBe(-0.25);
    expect(changePercent(-0.25)).toBe(-25);
    expect(changePercent(1 / 3)).toBe(33.3);
  });

  it('makes sheets of the same figures, in Russian and English', () => {
    const r = report();
    const [byChannel, rejected, years] = appealsSheets(r, 'ru', { sites: 'Южно-Сахалинск' });
    expect(byChannel!.rows[0]).toEqual(['телефон', 'физическое лицо', 5, 2, 1, 1, 1, 0, 2]);
    expect(byChannel!.rows.at(-1)).toEqual(['Итого', '', 10, 3, 1, 3, 3, 1, 3.3]);
    expect(rejected!.rows.at(-1)).toEqual(['Итого', 3]);
    expect(years!.header).toEqual(['Канал', '2025', '2026', 'Изменение, %']);
    expect(years!.rows.at(-1)).toEqual(['все каналы', 10, 18, 80]);
    expect(years!.heading.flat().join(' ')).toContain('год 2026 ещё не завершён');
    expect(appealsSheets(r, 'en', { sites: 'Y' })[0]!.rows[2]!.slice(0, 2)).toEqual(['post', 'individual']);
  });
});
