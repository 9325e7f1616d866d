import { DateTime } from 'luxon';
import data from './calendar/ru-production-calendar.json' with { type: 'json' };

export interface CalendarYear {
  readonly provisional: boolean;
  readonly decree?: string | null;
  readonly nonWorkingWeekdays: readonly string[];
  readonly workingWeekendDays: readonly string[];
}

const BUILT_IN: Readonly<Record<string, CalendarYear>> = data.years;

let YEARS: Readonly<Record<string, CalendarYear>> = BUILT_IN;

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// The calendar is a list of exceptions to Mon–Fri, so a date either overrides the weekday rule or
// falls through to it; that also makes years without data degrade to Mon–Fri instead of failing.
let EXCEPTIONS = new Map<string, boolean>();
let COVERED_YEARS: readonly number[] = [];

function index(): void {
  EXCEPTIONS = new Map();
  for (const year of Object.values(YEARS)) {
    for (const d of year.nonWorkingWeekdays) EXCEPTIONS.set(d, false);
    for (const d of year.workingWeekendDays) EXCEPTIONS.set(d, true);
  }
  COVERED_YEARS = Object.keys(YEARS)
    .map(Number)
    .sort((a, b) => a - b);
}
index();

/**
 * Lays the years an admin entered (/admin, from the government's decree) over the built-in ones:
 * a year given replaces that year whole. There is one production calendar per country, so it is
 * one table per process rather than an argument every deadline and opening-hours function passes
 * on; the server installs it at start-up and again when an admin changes it (on every node).
 */
export function installCalendarDecrees(decrees: Readonly<Record<string, Omit<CalendarYear, 'provisional'>>>): void {
  const merged: Record<string, CalendarYear> = { ...BUILT_IN };
  for (const [year, d] of Object.entries(decrees)) merged[year] = { provisional: false, ...(d.decree ? { decree: d.decree } : {}), nonWorkingWeekdays: [...d.nonWorkingWeekdays], workingWeekendDays: [...d.workingWeekendDays] };
  YEARS = merged;
  index();
}

/** The built-in data of a year (what removing an admin's decree returns to), or undefined. */
export function builtInCalendarYear(year: number): CalendarYear | undefined {
  return BUILT_IN[String(year)];
}

/** The year's data in effect (built-in or an admin's decree), or undefined when the year has none. */
export function calendarYear(year: number): CalendarYear | undefined {
  return YEARS[String(year)];
}

// Dates are counted as whole UTC days so that stepping a calendar date never meets a zone offset;
// the site's zone only matters when turning an instant into its local date and back.
function epochDay(isoDate: string): number {
  const m = ISO_DATE.exec(isoDate);
  if (m) {
    // setUTCFullYear, not Date.UTC: that one reads years 0–99 as 1900–1999
    const day = new Date(0).setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
    // Date.UTC silently rolls 2025-02-30 over to March; the round trip rejects it.
    if (isoOfEpochDay(day) === isoDate) return day;
  }
  throw new RangeError(`not a calendar date (YYYY-MM-DD): ${isoDate}`);
}

function isoOfEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function isWorkingEpochDay(day: number): boolean {
  const exception = EXCEPTIONS.get(isoOfEpochDay(day));
  if (exception !== undefined) return exception;
  const weekday = new Date(day * DAY_MS).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

function localIsoDate(ms: number, timeZone: string): string {
  const local = DateTime.fromMillis(ms, { zone: timeZone });
  const iso = local.isValid ? local.toISODate() : null;
  if (iso === null) {
    throw new RangeError(`cannot place ${ms} in time zone "${timeZone}": ${local.invalidExplanation ?? 'invalid'}`);
  }
  return iso;
}

/** Whether the 'YYYY-MM-DD' date is a working day of the Russian production calendar (Mon–Fri for years without data). */
export function isWorkingDay(isoDate: string): boolean {
  return isWorkingEpochDay(epochDay(isoDate));
}

/** Years for which the production calendar holds data, ascending. */
export function calendarYears(): number[] {
  return [...COVERED_YEARS];
}

/** Years with data that were entered before the government decree was known, so may still change. */
export function provisionalCalendarYears(): number[] {
  return COVERED_YEARS.filter((y) => YEARS[String(y)]?.provisional === true);
}

/** The given years that have no calendar data (deduplicated, ascending): deadlines in them use plain Mon–Fri. */
export function missingCalendarYears(years: number[]): number[] {
  const covered = new Set(COVERED_YEARS);
  return [...new Set(years)].filter((y) => !covered.has(y)).sort((a, b) => a - b);
}

/**
 * The n-th working day strictly after `isoDate`. The start date never counts, whether or not it is
 * a working day: the day an appeal is registered is not part of the reply period.
 */
export function addWorkingDays(isoDate: string, n: number): string {
  // Zero or fractional periods have no meaning for a norm expressed in working days, and accepting
  // them would silently turn a misconfigured norm into a due date of "today".
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`working days must be a positive integer, got ${n}`);
  let day = epochDay(isoDate);
  for (let counted = 0; counted < n; ) {
    day += 1;
    if (isWorkingEpochDay(day)) counted += 1;
  }
  return isoOfEpochDay(day);
}

/**
 * Epoch ms of the last millisecond of the `workingDays`-th working day after the site-local date of
 * registration: the appeal is on time if answered at any moment of that local day.
 */
export function appealDueAt(registeredAtMs: number, workingDays: number, timeZone: string): number {
  const due = addWorkingDays(localIsoDate(registeredAtMs, timeZone), workingDays);
  return DateTime.fromISO(due, { zone: timeZone }).endOf('day').toMillis();
}

/** Whether the instant falls on a working day in the given IANA time zone. */
export function isWorkingDayAt(ms: number, timeZone: string): boolean {
  return isWorkingDay(localIsoDate(ms, timeZone));
}
