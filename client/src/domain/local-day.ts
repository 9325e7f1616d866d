/**
 * The site's calendar day of an instant, computed with Intl in the site's IANA time zone
 * (the zone each snapshot carries for its site), so "today" on the wall is the site's today
 * whatever the time zone of the browser driving the TV.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', calendar: 'gregory', numberingSystem: 'latn' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** `YYYY-MM-DD` of the site-local date containing `ms`. */
export function localDateKey(ms: number, timeZone: string): string {
  const parts = formatterFor(timeZone).formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Do `a` and `b` fall on the same site-local calendar day? */
export function isSameLocalDay(a: number, b: number, timeZone: string): boolean {
  return localDateKey(a, timeZone) === localDateKey(b, timeZone);
}

/** per zone: its day's last millisecond, and an instant known to be on that day (every instant between is too) */
const dayEnds = new Map<string, { day: string; end: number; since: number }>();
/** a local day is at most 25 h long (a clock change), so this far on is surely a later day */
const BEYOND_A_DAY_MS = 26 * 3_600_000;

/**
 * The last millisecond of the site-local day containing `ms` (what the server's deadline rules
 * call `endOfToday`), found by bisection on the local date, so clock changes need no special
 * case; remembered per zone until the day changes.
 */
export function endOfLocalDay(ms: number, timeZone: string): number {
  const known = dayEnds.get(timeZone);
  // between an instant of the day and the day's end: the same day, no Intl call (the wall asks on every update)
  if (known && ms >= known.since && ms <= known.end) return known.end;
  const day = localDateKey(ms, timeZone);
  if (known?.day === day && known.end >= ms) {
    known.since = Math.min(known.since, ms);
    return known.end;
  }
  let lo = ms;
  let hi = ms + BEYOND_A_DAY_MS;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (localDateKey(mid, timeZone) === day) lo = mid;
    else hi = mid;
  }
  dayEnds.set(timeZone, { day, end: lo, since: ms });
  return lo;
}
