/** Wall-clock times in a site's time zone, 24-hour, as Russian screens write them. */
const LOCALE = 'ru-RU';

/** Intl formatters are costly to make (a TV stick feels it every second): one per locale and options, kept */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

const clock = (timeZone: string, seconds: boolean) => formatter(LOCALE, { timeZone, hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' as const } : {}), hourCycle: 'h23' });

/** the last `HH:MM:SS` made per zone: the wall asks for the same second many times (every update, the clock) */
const lastSecond = new Map<string, { second: number; text: string }>();

/** `HH:MM:SS` */
export function formatTimeOfDay(ms: number, timeZone: string): string {
  // a zone's offset is whole seconds, so one second of time is one text
  const second = Math.floor(ms / 1000);
  const last = lastSecond.get(timeZone);
  if (last?.second === second) return last.text;
  const text = clock(timeZone, true).format(ms);
  lastSecond.set(timeZone, { second, text });
  return text;
}

/** `HH:MM` */
export function formatHourMinute(ms: number, timeZone: string): string {
  return clock(timeZone, false).format(ms);
}

const lastDate = new Map<string, { minute: number; text: string }>();

/** `25 ноября, среда` style date for the header (asked every second with the clock: the same text a minute long, zones being whole minutes off UTC). */
export function formatDate(ms: number, timeZone: string, locale: string): string {
  const key = `${locale}|${timeZone}`;
  const minute = Math.floor(ms / 60_000);
  const last = lastDate.get(key);
  if (last?.minute === minute) return last.text;
  const text = formatter(locale, { timeZone, day: 'numeric', month: 'long', weekday: 'long' }).format(ms);
  lastDate.set(key, { minute, text });
  return text;
}

const shortDateTime = (timeZone: string, seconds: boolean) =>
  formatter(LOCALE, { timeZone, day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' as const } : {}), hourCycle: 'h23' });

/** `25.11 14:03` — a moment of the last days, in a site's zone. */
export function formatShortDateTime(ms: number, timeZone: string): string {
  return shortDateTime(timeZone, false).format(ms).replace(',', '');
}

/** `25.11.2025 14:03` — a moment of any year (a report's period), in a site's zone. */
export function formatDateTimeWithYear(ms: number, timeZone: string): string {
  return formatter(LOCALE, { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms).replace(',', '');
}

/** `25.11 14:03:07` — a moment of the last days to the second, in a site's zone. */
export function formatShortDateTimeSeconds(ms: number, timeZone: string): string {
  return shortDateTime(timeZone, true).format(ms).replace(',', '');
}

/** `UTC+11` — a zone's offset at `ms`, to label a site's clock on a wall spanning zones. */
export function formatUtcOffset(ms: number, timeZone: string): string {
  const name = formatter('en-GB', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return name === 'GMT' || name === 'GMT+0' ? 'UTC' : name.replace('GMT', 'UTC');
}
