/**
 * The site's calendar day of an instant, computed with Intl in the site's IANA time zone
 * (Asia/Sakhalin for the central office), so "today" on the wall is the site's today
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
