/**
 * Issue 17, the operator report's domain: the per-operator counters of a period made into each
 * operator's figures (averages of the sums), its rows bounded by the site's operators, and the
 * sheets its CSV and XLSX are written from.
 */
import { describe, expect, it } from 'vitest';
import { agentCounterField } from '../../shared/counters.js';
import { OperatorReport } from '../../shared/operator-report.js';
import { can, ROLES } from '../../shared/roles.js';
import { sumCounters } from '../../server/domain/day-totals.js';
import { operatorReport } from '../../server/domain/reports/operator-report.js';
import { operatorSheets } from '../../server/domain/reports/operator-table.js';

const f = agentCounterField;
const HASH: Record<string, string> = {
  [f('1001', 'ringsOffered')]: '12',
  [f('1001', 'answered')]: '10',
  [f('1001', 'ringsMissed')]: '2',
  [f('1001', 'ringsPast3')]: '3',
  [f('1001', 'talkN')]: '10',
  [f('1001', 'talkSumMs')]: String(10 * 185_000),
  [f('1001', 'acwN')]: '4',
  [f('1001', 'acwSumMs')]: '130000',
  [f('1001', 'pauseN', 'обед')]: '1',
  [f('1001', 'pauseMs', 'обед')]: String(30 * 60_000),
  [f('1001', 'pauseN', '~')]: '2',
  [f('1001', 'pauseMs', '~')]: '90000',
  [f('1001', 'lostCallBacks')]: '3',
  [f('1001', 'lostCallBacksReached')]: '2',
  [f('1002', 'ringsOffered')]: '5',
  [f('1002', 'answered')]: '5',
  [f('1002', 'talkN')]: '5',
  [f('1002', 'talkSumMs')]: String(5 * 100_000),
  // a manager in the console, who is no operator: counted, not a row
  [f('manager', 'lostCallBacks')]: '4',
  [f('manager', 'lostCallBacksReached')]: '1',
};
// a second bucket of the same period
const HASH2: Record<string, string> = { [f('1002', 'pauseN', 'обед')]: '1', [f('1002', 'pauseMs', 'обед')]: String(20 * 60_000), [f('0999', 'acwN')]: '1', [f('0999', 'acwSumMs')]: '10000' };

const report = operatorReport({
  sites: ['yuzhno-sakhalinsk'],
  timeZone: 'Asia/Sakhalin',
  period: { from: 0, to: 86_400_000 },
  generatedAt: 86_400_000,
  counts: sumCounters([HASH, HASH2]),
  names: { '1001': 'Смирнова Мария', '1002': 'Ким Анна' },
});

describe('the operator report', () => {
  it('gives each operator its figures, named, by name then id, within the schema', () => {
    expect(OperatorReport.parse(report)).toEqual(report);
    expect(report.rows.map((r) => [r.agentId, r.name])).toEqual([
      ['1002', 'Ким Анна'],
      ['1001', 'Смирнова Мария'],
      ['0999', null],
    ]);
    const maria = report.rows.find((r) => r.agentId === '1001')!;
    expect(maria).toMatchObject({ offered: 12, answered: 10, missed: 2, ringsPast3: 3, talks: 10, talkAvgSec: 185, acw: 4, acwAvgSec: 32.5, pauses: 3, pauseSec: 1890, callbacks: 3, callbacksReached: 2 });
    expect(maria.pausesByReason).toEqual([
      { reason: 'обед', count: 1, seconds: 1800 },
      { reason: '~', count: 2, seconds: 90 },
    ]);
    expect(report.rows.find((r) => r.agentId === '1002')).toMatchObject({ acw: 0, acwAvgSec: null, pauses: 1, pauseSec: 1200 });
  });

  it('totals the operators (averages of the sums), and counts call-backs by others without naming them', () => {
    expect(report.totals).toMatchObject({ offered: 17, answered: 15, talks: 15, acw: 5, pauses: 4, pauseSec: 3090, callbacks: 3, callbacksReached: 2 });
    expect(report.totals.talkAvgSec).toBeCloseTo((10 * 185 + 5 * 100) / 15, 9);
    expect(report.totals.acwAvgSec).toBeCloseTo(140 / 5, 9);
    expect(report.reasons).toEqual(['обед', '~']);
    expect(report.callbacksByOthers).toBe(4);
    expect(report.rows.some((r) => r.agentId === 'manager')).toBe(false);
  });

  it('makes one sheet of the same figures: a row per operator and the totals, minutes of pause per reason', () => {
    const [sheet] = operatorSheets(report, 'ru', { sites: 'Южно-Сахалинск', ringsToAnswer: 3 });
    expect(sheet!.name).toBe('Операторы');
    expect(sheet!.header).toEqual([
      'Оператор', 'Код', 'Предложено', 'Принято', 'Пропущено', 'Дольше 3 гудков', 'Разговоров', 'Средний разговор, с', 'Постобработок', 'Средняя постобработка, с', 'Пауз', 'В паузе, мин', 'Пауза «обед», мин', 'Пауза «без причины», мин', 'Перезвонил потерянным', 'из них дозвонился',
    ]);
    expect(sheet!.rows[1]).toEqual(['Смирнова Мария', '1001', 12, 10, 2, 3, 10, 185, 4, 32.5, 3, 31.5, 30, 1.5, 3, 2]);
    expect(sheet!.rows.at(-1)).toEqual(['Итого', null, 17, 15, 2, 3, 15, 156.7, 5, 28, 4, 51.5, 50, 1.5, 3, 2]);
    expect(sheet!.heading.flat()).toContain(4);
    const [en] = operatorSheets(report, 'en', { sites: 'Yuzhno-Sakhalinsk', ringsToAnswer: 3 });
    expect(en!.header.slice(12, 14)).toEqual(['Pause "обед", min', 'Pause "no reason", min']);
  });
});

describe('who may see it', () => {
  it('is for managers and admins only: staff’s personal data, never duty or a wall', () => {
    expect(ROLES.filter((r) => can(r, 'view:operator-reports'))).toEqual(['manager', 'admin']);
  });
});
