/**
 * The hourly chart's figures beyond the two series (history-figures.ts `intradaySeries`): which
 * hour is still running and how far, what the same weekday a week ago had counted by the same
 * minute (so the running hour is compared like with like, not against a whole hour), the date
 * words of the legend, and the number locale of the app's language. Pure.
 */
import type { HistoryInterval } from '@shared/kpi.js';
import { formatHourMinute } from '../format/clock.js';

export type NumberLocale = 'ru-RU' | 'en-GB';

/** The app's language (vue-i18n `locale`) → the locale numbers and dates are written in; never the browser's. */
export function numberLocale(lang: string): NumberLocale {
  return lang === 'en' ? 'en-GB' : 'ru-RU';
}

const MINUTE_MS = 60_000;

/**
 * The start of the site-local hour containing `ms`: the local minute of the hour read with
 * Intl in the site's zone, so a zone off UTC by a half or three quarters of an hour is right too.
 */
export function localHourStart(ms: number, timeZone: string): number {
  const minute = Number(formatHourMinute(ms, timeZone).slice(-2));
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS - minute * MINUTE_MS;
}

export interface PartialHour {
  /** its place in the series (`IntradaySeries.labels`) */
  index: number;
  /** "HH:MM" of the hour's start */
  label: string;
  /** the instant the counts are as of */
  asOf: number;
  /** "HH:MM" of `asOf`, site-local */
  asOfLabel: string;
  /** minutes of the hour that have passed */
  minutes: number;
}

/**
 * The hour of today that had not ended when the counts were read (`asOf`): its bar holds the
 * calls so far, not an hour's worth. null when no interval of today contains `asOf` (a day
 * read after its end) or the series has no such label.
 */
export function partialHour(today: readonly HistoryInterval[], labels: readonly string[], timeZone: string, asOf: number): PartialHour | null {
  const running = today.find((i) => i.start <= asOf && asOf < i.end);
  if (!running) return null;
  const label = formatHourMinute(running.start, timeZone);
  const index = labels.indexOf(label);
  if (index < 0) return null;
  return { index, label, asOf, asOfLabel: formatHourMinute(asOf, timeZone), minutes: Math.floor((asOf - running.start) / MINUTE_MS) };
}

export type CountMetric = 'offered' | 'answered';

export function isCountMetric(metric: string): metric is CountMetric {
  return metric === 'offered' || metric === 'answered';
}

/**
 * A count up to `until` from 15-minute intervals: the intervals that ended by then in full,
 * and of the one `until` falls in the part of its calls in proportion to the time passed (the
 * only estimate, within one quarter of an hour), rounded to a whole call. null without data.
 */
export function countUntil(quarters: readonly HistoryInterval[], until: number, metric: CountMetric): number | null {
  if (quarters.length === 0) return null;
  let sum = 0;
  for (const q of quarters) {
    if (q.end <= until) sum += q[metric];
    else if (q.start < until) sum += (q[metric] * (until - q.start)) / (q.end - q.start);
  }
  return Math.round(sum);
}

export interface TrendDates {
  /** "1 декабря" / "1 December" */
  today: string;
  /** "вторник" / "Tuesday" */
  lastWeekWeekday: string;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: NumberLocale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  // the dates are already site-local calendar dates (`YYYY-MM-DD`): written as such, in UTC, they cannot shift a day
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC', calendar: 'gregory' })));
  return f;
}

/** The words of the legend for two site-local dates `YYYY-MM-DD` (the store's `todayDate`, `lastWeekDate`). */
export function trendDates(todayDate: string, lastWeekDate: string, locale: NumberLocale): TrendDates {
  const noon = (d: string) => Date.parse(`${d}T12:00:00Z`);
  return {
    today: dateFormat(locale, { day: 'numeric', month: 'long' }).format(noon(todayDate)),
    lastWeekWeekday: dateFormat(locale, { weekday: 'long' }).format(noon(lastWeekDate)),
  };
}
