/** Wall-clock times in a site's time zone, 24-hour, as Russian screens write them. */
const LOCALE = 'ru-RU';
const cache = new Map<string, Intl.DateTimeFormat>();

function fmt(timeZone: string, seconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${seconds}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE, {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      ...(seconds ? { second: '2-digit' as const } : {}),
      hourCycle: 'h23',
    });
    cache.set(key, f);
  }
  return f;
}

/** `HH:MM:SS` */
export function formatTimeOfDay(ms: number, timeZone: string): string {
  return fmt(timeZone, true).format(ms);
}

/** `HH:MM` */
export function formatHourMinute(ms: number, timeZone: string): string {
  return fmt(timeZone, false).format(ms);
}

const dateCache = new Map<string, Intl.DateTimeFormat>();

/** `25 ноября, среда` style date for the header. */
export function formatDate(ms: number, timeZone: string, locale: string): string {
  const key = `${timeZone}|${locale}`;
  let f = dateCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'long', weekday: 'long' });
    dateCache.set(key, f);
  }
  return f.format(ms);
}

const shortCache = new Map<string, Intl.DateTimeFormat>();

/** `25.11 14:03` — a moment of the last days, in a site's zone. */
export function formatShortDateTime(ms: number, timeZone: string): string {
  let f = shortCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE, { timeZone, day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    shortCache.set(timeZone, f);
  }
  return f.format(ms).replace(',', '');
}

const shortSecondsCache = new Map<string, Intl.DateTimeFormat>();

/** `25.11 14:03:07` — a moment of the last days to the second, in a site's zone. */
export function formatShortDateTimeSeconds(ms: number, timeZone: string): string {
  let f = shortSecondsCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE, { timeZone, day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    shortSecondsCache.set(timeZone, f);
  }
  return f.format(ms).replace(',', '');
}

const offsetCache = new Map<string, Intl.DateTimeFormat>();

/** `UTC+11` — a zone's offset at `ms`, to label a site's clock on a wall spanning zones. */
export function formatUtcOffset(ms: number, timeZone: string): string {
  let f = offsetCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'shortOffset' });
    offsetCache.set(timeZone, f);
  }
  const name = f.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return name === 'GMT' || name === 'GMT+0' ? 'UTC' : name.replace('GMT', 'UTC');
}
