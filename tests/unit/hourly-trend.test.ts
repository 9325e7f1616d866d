/**
 * The wall's hourly chart beyond its two series (client/src/domain/hourly-trend.ts): the running
 * hour found and measured, the week ago counted up to the same minute, the legend's date words
 * in the app's language, and the locale numbers follow. Pure; no browser.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryInterval } from '../../shared/kpi.js';
import { intradaySeries } from '../../client/src/domain/history-figures.js';
import { countUntil, isCountMetric, localHourStart, numberLocale, partialHour, trendDates } from '../../client/src/domain/hourly-trend.js';

const TZ = 'Asia/Sakhalin';
const HOUR = 3_600_000;
const QUARTER = 900_000;
const WEEK = 7 * 86_400_000;
// Tuesday 1 December 2026, 14:25:30 on Sakhalin (UTC+11)
const NOW = Date.parse('2026-12-01T14:25:30+11:00');
const H14 = Date.parse('2026-12-01T14:00:00+11:00');

function interval(start: number, width: number, o: Partial<HistoryInterval> = {}): HistoryInterval {
  return {
    start,
    end: start + width,
    offered: 0,
    answered: 0,
    abandoned: 0,
    abandonedShort: 0,
    answeredIn3Rings: 0,
    ringsPast3: 0,
    answeredInServiceLevel: 0,
    answeredIn3RingsShare: null,
    serviceLevel: null,
    abandonRate: null,
    avgConnectSeconds: null,
    asaSeconds: null,
    avgHandleSeconds: null,
    ...o,
  } as HistoryInterval;
}

describe('the running hour', () => {
  const today = [interval(H14 - 2 * HOUR, HOUR, { offered: 40 }), interval(H14 - HOUR, HOUR, { offered: 44 }), interval(H14, HOUR, { offered: 17 })];
  const lastWeek = [12, 13, 14, 15].map((h, i) => interval(H14 - WEEK + (h - 14) * HOUR, HOUR, { offered: 30 + i }));
  const series = intradaySeries(today, lastWeek, TZ, 'offered');

  it('is the interval of today that had not ended when the figures were read, with the minutes passed', () => {
    expect(series.labels).toEqual(['12:00', '13:00', '14:00', '15:00']);
    expect(partialHour(today, series.labels, TZ, NOW)).toEqual({ index: 2, label: '14:00', asOf: NOW, asOfLabel: '14:25', minutes: 25 });
    // its figure is the calls so far, and the next hour has none yet
    expect(series.today).toEqual([40, 44, 17, null]);
  });

  it('is none once the day read has ended, or when its hour is not on the chart', () => {
    expect(partialHour(today, series.labels, TZ, H14 + HOUR)).toBeNull();
    expect(partialHour(today, ['12:00', '13:00'], TZ, NOW)).toBeNull();
    expect(partialHour([], series.labels, TZ, NOW)).toBeNull();
  });

  it('starts at the local hour, in a zone off UTC by whole or half hours', () => {
    expect(localHourStart(NOW, TZ)).toBe(H14);
    expect(localHourStart(H14, TZ)).toBe(H14);
    // India is UTC+5:30: 14:25:30 there is 08:55:30 UTC, its hour began at 08:30 UTC
    expect(localHourStart(Date.parse('2026-12-01T08:55:30Z'), 'Asia/Kolkata')).toBe(Date.parse('2026-12-01T08:30:00Z'));
  });
});

describe('the week ago up to the same minute', () => {
  const q = (n: number, offered: number) => interval(H14 - WEEK + n * QUARTER, QUARTER, { offered, answered: offered - 1 });
  const weekAgo = NOW - WEEK;

  it('counts the quarters ended in full and the running quarter by the time passed, in whole calls', () => {
    // 14:00–14:15: 8, 14:15–14:30: 6 → by 14:25:30, 8 + 6 × 10.5/15 = 12.2
    expect(countUntil([q(0, 8), q(1, 6)], weekAgo, 'offered')).toBe(12);
    expect(countUntil([q(0, 8), q(1, 6)], weekAgo, 'answered')).toBe(7 + 4);
    // a quarter after the minute does not count
    expect(countUntil([q(0, 8), q(1, 6), q(2, 9)], weekAgo, 'offered')).toBe(12);
    // exactly at a quarter's end: that quarter in full
    expect(countUntil([q(0, 8), q(1, 6)], H14 - WEEK + QUARTER, 'offered')).toBe(8);
  });

  it('is unknown without data, and only for counts', () => {
    expect(countUntil([], weekAgo, 'offered')).toBeNull();
    expect(countUntil([q(0, 0)], weekAgo, 'offered')).toBe(0);
    expect(isCountMetric('offered')).toBe(true);
    expect(isCountMetric('answered')).toBe(true);
    expect(isCountMetric('serviceLevel')).toBe(false);
  });
});

describe('the legend’s words and the numbers’ locale', () => {
  it('names today by date and the week ago by weekday, in Russian and English', () => {
    expect(trendDates('2026-12-01', '2026-11-24', 'ru-RU')).toEqual({ today: '1 декабря', lastWeekWeekday: 'вторник' });
    expect(trendDates('2026-12-01', '2026-11-24', 'en-GB')).toEqual({ today: '1 December', lastWeekWeekday: 'Tuesday' });
    // a site-local date stays that date whatever zone the browser is in (the dates are written as dates)
    expect(trendDates('2026-03-31', '2026-03-24', 'ru-RU')).toEqual({ today: '31 марта', lastWeekWeekday: 'вторник' });
  });

  it('follows the app’s language, never the browser’s', () => {
    expect(numberLocale('ru')).toBe('ru-RU');
    expect(numberLocale('en')).toBe('en-GB');
    expect(new Intl.NumberFormat(numberLocale('ru')).format(12016)).toBe('12\u00a0016');
    expect(new Intl.NumberFormat(numberLocale('en')).format(12016)).toBe('12,016');
  });
});
