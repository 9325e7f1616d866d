/**
 * History for the duty screen and the wall (GET /api/v1/history): today vs the same weekday last week by
 * hour, and the service level of the last 15 / 60 minutes per site. A server without the
 * history route (404) is remembered as such and the screen says so instead of retrying loudly.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { HistoryInterval } from '@shared/kpi.js';
import { BUCKET_MS } from '@shared/buckets.js';
import type { ForecastResponse } from '@shared/api.js';
import { ApiError, fetchForecast, fetchHistory } from '../api/obzor-api.js';
import { recentServiceLevel, type RecentServiceLevel } from '../domain/history-figures.js';
import { localDateKey } from '../domain/local-day.js';
import { localHourStart } from '../domain/hourly-trend.js';

const DAY_MS = 86_400_000;

export interface Intraday {
  site: string;
  timeZone: string;
  today: HistoryInterval[];
  lastWeek: HistoryInterval[];
  /** the site-local dates compared */
  todayDate: string;
  lastWeekDate: string;
  /** the instant the figures were read: today's running hour counts up to here */
  asOf: number;
  /**
   * The same running hour a week ago in 15-minute intervals, up to the same minute a week ago:
   * what the running hour is compared with (hourly-trend.ts `countUntil`), not a whole hour.
   */
  lastWeekHourSoFar: HistoryInterval[];
  /** today's expected calls by hour from the same weekday's history (one site only; null: none, or a server without it) */
  expected: ForecastResponse | null;
}

export const useHistoryStore = defineStore('history', () => {
  /** null: not asked yet; false: this server has no history route */
  const available = ref<boolean | null>(null);
  const intraday = shallowRef<Intraday | null>(null);
  const intradayError = ref<string | null>(null);
  const recent = shallowRef<Readonly<Record<string, RecentServiceLevel>>>({});

  function noteFailure(e: unknown): string {
    if (e instanceof ApiError && e.status === 404) available.value = false;
    return (e as Error).message;
  }

  /** `sites` together (the wall shows its sites as one centre); `site` of the result is them joined by ',' */
  async function loadIntraday(sites: readonly string[], timeZone: string, now: number): Promise<void> {
    const list = [...sites];
    const todayDate = localDateKey(now, timeZone);
    const lastWeekDate = localDateKey(now - 7 * DAY_MS, timeZone);
    const weekAgo = now - 7 * DAY_MS;
    const hourStartWeekAgo = localHourStart(now, timeZone) - 7 * DAY_MS;
    try {
      const [today, lastWeek, lastWeekHour, forecast] = await Promise.all([
        fetchHistory({ sites: list, from: todayDate, to: new Date(now).toISOString(), step: '1h' }),
        fetchHistory({ sites: list, from: lastWeekDate, to: lastWeekDate, step: '1h' }),
        // the first second of an hour has nothing to compare yet (and `to` must lie after `from`)
        weekAgo - hourStartWeekAgo < 1000
          ? Promise.resolve({ intervals: [] as HistoryInterval[] })
          : fetchHistory({ sites: list, from: new Date(hourStartWeekAgo).toISOString(), to: new Date(weekAgo).toISOString(), step: '15m' }),
        // the expected day is an addition: without it (no history, an older server) the chart still shows
        list.length === 1 ? fetchForecast(list[0]!).catch(() => null) : Promise.resolve(null),
      ]);
      available.value = true;
      intraday.value = { site: list.join(','), timeZone, today: today.intervals, lastWeek: lastWeek.intervals, todayDate, lastWeekDate, asOf: now, lastWeekHourSoFar: lastWeekHour.intervals, expected: forecast && forecast.weeks > 0 ? forecast : null };
      intradayError.value = null;
    } catch (e) {
      intradayError.value = noteFailure(e);
    }
  }

  async function loadRecent(sites: readonly string[], now: number): Promise<void> {
    if (available.value === false) return;
    // the last hour's 15-minute intervals and the one before (recentServiceLevel picks those overlapping)
    const from = new Date(now - 5 * BUCKET_MS).toISOString();
    const to = new Date(now).toISOString();
    const results = await Promise.all(
      sites.map(async (site) => {
        try {
          const h = await fetchHistory({ sites: [site], from, to, step: '15m' });
          return [site, recentServiceLevel(h.intervals, now)] as const;
        } catch (e) {
          noteFailure(e);
          return null;
        }
      }),
    );
    const next: Record<string, RecentServiceLevel> = {};
    for (const r of results) if (r) next[r[0]] = r[1];
    recent.value = next;
  }

  return { available, intraday, intradayError, recent, loadIntraday, loadRecent };
});
