/**
 * Opening hours of a unit (N15 working hours, N8 hotline hours) and of the callback window
 * (N11): whether a moment is inside them and when that next changes, in the site's zone.
 *
 * Hours are either "24/7" or a week: `mon`…`sun` each "HH:MM-HH:MM" or a list of such ranges
 * (a lunch break is two ranges; "00:00-24:00" is the whole day; a day left out is closed).
 * With `calendar: "production"` (the default) the Russian production calendar overrides the
 * week: a public holiday on a weekday is closed, a Saturday/Sunday that a decree made working
 * uses `workingWeekend` (default: Monday's hours). With `calendar: "weekly"` only the week counts.
 */
import { IANAZone } from 'luxon';
import { ALWAYS, parseTimeRange, WEEKDAYS, type DayHours, type Hours, type MinuteRange } from '../../shared/site-settings.js';
import { isWorkingDay } from './working-days.js';

const DAY_MINUTES = 24 * 60;

export { ALWAYS, DayHours, DEFAULT_WORKING_HOURS, Hours, TimeRange, WEEKDAYS, WeeklyHours, type MinuteRange, type Weekday } from '../../shared/site-settings.js';

function ranges(day: DayHours | undefined): MinuteRange[] {
  if (day === undefined) return [];
  const list = typeof day === 'string' ? [day] : day;
  return list.map((r) => parseTimeRange(r)!).sort((a, b) => a[0] - b[0]);
}

/** The open ranges of one local date ('YYYY-MM-DD'). */
export function rangesOnDate(hours: Hours, isoDate: string): MinuteRange[] {
  if (hours === ALWAYS) return [[0, DAY_MINUTES]];
  // getUTCDay: 0 = Sunday
  const weekday = WEEKDAYS[(new Date(`${isoDate}T00:00:00Z`).getUTCDay() + 6) % 7]!;
  if (hours.calendar === 'production') {
    const weekend = weekday === 'sat' || weekday === 'sun';
    const working = isWorkingDay(isoDate);
    if (!weekend && !working) return []; // a public holiday
    if (weekend && working) return ranges(hours.workingWeekend ?? hours.mon);
  }
  return ranges(hours[weekday]);
}

// ---- local time without a date library in the hot path ------------------------------------
// A snapshot classifies every open callback against the window and every screen update asks
// "open now?": luxon's zone arithmetic per call made that the cost of a snapshot. Offsets are
// looked up once per zone and UTC hour (zones change offset on whole or half hours, and the
// demanded precision is minutes) and cached.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const OFFSETS = new Map<string, number>();

/** The zone's UTC offset in ms at `ms`. */
export function zoneOffsetMs(timeZone: string, ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  const key = `${timeZone}|${hour}`;
  let off = OFFSETS.get(key);
  if (off === undefined) {
    off = IANAZone.create(timeZone).offset(hour * HOUR_MS) * 60_000;
    if (!Number.isFinite(off)) throw new RangeError(`unknown time zone "${timeZone}"`);
    if (OFFSETS.size > 100_000) OFFSETS.clear();
    OFFSETS.set(key, off);
  }
  return off;
}

/** Epoch ms of a local wall time given as ms since 1970-01-01T00:00 local (the usual two-pass guess). */
function utcOfWall(timeZone: string, wall: number): number {
  const guess = wall - zoneOffsetMs(timeZone, wall);
  return wall - zoneOffsetMs(timeZone, guess);
}

const isoOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** How far ahead a change of state is looked for; a unit closed longer is "closed, no opening known". */
const HORIZON_DAYS = 21;

/**
 * The open intervals of whole local days, as epoch ms [start, end), merged; they cover the
 * local days from the one containing `fromMs` to the one containing `toMs`, i.e. [from, to).
 */
export interface Timeline {
  from: number;
  to: number;
  intervals: [number, number][];
}

export function timeline(hours: Hours, timeZone: string, fromMs: number, toMs: number): Timeline {
  const firstDay = Math.floor((fromMs + zoneOffsetMs(timeZone, fromMs)) / DAY_MS);
  const lastDay = Math.floor((toMs + zoneOffsetMs(timeZone, toMs)) / DAY_MS);
  const from = utcOfWall(timeZone, firstDay * DAY_MS);
  const to = utcOfWall(timeZone, (lastDay + 1) * DAY_MS);
  if (hours === ALWAYS) return { from, to, intervals: [[from, to]] };
  const intervals: [number, number][] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    for (const [a, b] of rangesOnDate(hours, isoOfDay(day))) {
      const start = utcOfWall(timeZone, day * DAY_MS + a * 60_000);
      const stop = utcOfWall(timeZone, day * DAY_MS + b * 60_000);
      const prev = intervals.at(-1);
      if (prev && start <= prev[1]) prev[1] = Math.max(prev[1], stop);
      else intervals.push([start, stop]);
    }
  }
  return { from, to, intervals };
}

/** Index of the first interval ending after `ms` (binary search). */
function firstEndingAfter(t: Timeline, ms: number): number {
  let lo = 0;
  let hi = t.intervals.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.intervals[mid]![1] <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface OpenState {
  open: boolean;
  /** when `open` next flips; absent for 24/7 or when no change is within three weeks */
  nextChangeAt?: number;
}

/** Open or closed at `ms` (inside the timeline) and the next change it shows. */
export function openStateIn(t: Timeline, ms: number): OpenState {
  const i = firstEndingAfter(t, ms);
  const iv = t.intervals[i];
  if (iv && iv[0] <= ms) return iv[1] >= t.to ? { open: true } : { open: true, nextChangeAt: iv[1] };
  return iv ? { open: false, nextChangeAt: iv[0] } : { open: false };
}

/** The first moment at or after `ms` inside the timeline's open intervals; undefined if none in it. */
export function nextOpenIn(t: Timeline, ms: number): number | undefined {
  const iv = t.intervals[firstEndingAfter(t, ms)];
  return iv ? Math.max(iv[0], ms) : undefined;
}

export function openStateAt(hours: Hours, ms: number, timeZone: string): OpenState {
  if (hours === ALWAYS) return { open: true };
  // from the day before (an interval open since yesterday is one interval); a few days ahead
  // usually show the change, three weeks are the limit
  for (const ahead of [4, HORIZON_DAYS]) {
    const state = openStateIn(timeline(hours, timeZone, ms - DAY_MS, ms + ahead * DAY_MS), ms);
    if (state.nextChangeAt !== undefined || ahead === HORIZON_DAYS) return state;
  }
  return { open: false };
}

/** Whether `ms` is inside the hours (looks at the local day of `ms` only). */
export function isOpenAt(hours: Hours, ms: number, timeZone: string): boolean {
  if (hours === ALWAYS) return true;
  const wall = ms + zoneOffsetMs(timeZone, ms);
  const day = Math.floor(wall / DAY_MS);
  const minute = (wall - day * DAY_MS) / 60_000;
  return rangesOnDate(hours, isoOfDay(day)).some(([from, to]) => from <= minute && minute < to);
}

/** The first moment at or after `ms` inside the hours; undefined if none within three weeks. */
export function nextOpenAtOrAfter(hours: Hours, ms: number, timeZone: string): number | undefined {
  if (isOpenAt(hours, ms, timeZone)) return ms;
  return nextOpenIn(timeline(hours, timeZone, ms, ms + HORIZON_DAYS * DAY_MS), ms);
}

/** The hotline's hours (N8): its own if configured, else the unit's working hours. */
export function hotlineHoursOf(site: { hours: Hours; hotlineHours?: Hours | undefined }): Hours {
  return site.hotlineHours ?? site.hours;
}
