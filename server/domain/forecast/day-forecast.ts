/**
 * A queue's (or the site's) day against its history, for the snapshot (issue 16, "forecast vs
 * actual"): a handful of numbers from the expected day, and the history's figures the staffing
 * blend needs. Pure.
 */
import type { DayForecast } from '../../../shared/snapshot.js';
import { BUCKET_MS } from '../../../shared/buckets.js';
import type { HistoryRate } from './arrival-blend.js';
import { expectedOffered, type ExpectedDay } from './expected-day.js';

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The expected day, if it is of the local day that begins at `dayStart` and has history; else nothing to compare with. */
export function usableDay(day: ExpectedDay | undefined, dayStart: number): ExpectedDay | undefined {
  return day && day.dayStart === dayStart && day.weeksUsed > 0 ? day : undefined;
}

/** `queue` undefined: the site */
export function dayForecast(day: ExpectedDay, queue: string | undefined, now: number, actualSoFar: number): DayForecast {
  return {
    expectedTotal: Math.round(expectedOffered(day, queue, day.dayStart, day.dayEnd)),
    expectedSoFar: round1(expectedOffered(day, queue, day.dayStart, now)),
    actualSoFar,
    nextPerHour: round1(expectedOffered(day, queue, now, now + BUCKET_MS) * (3_600_000 / BUCKET_MS)),
    weeks: day.weeksUsed,
  };
}

export function historyRateOf(f: DayForecast): HistoryRate {
  return { nextPerHour: f.nextPerHour, expectedSoFar: f.expectedSoFar, actualSoFar: f.actualSoFar };
}
