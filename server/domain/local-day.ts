import { DateTime } from 'luxon';
import { BUCKET_MS } from '../../shared/buckets.js';

/** Start of the site-local day containing `ms` (the wall's "today" is the site's day). */
export function localDayStart(ms: number, timeZone: string): number {
  return DateTime.fromMillis(ms, { zone: timeZone }).startOf('day').toMillis();
}

/** Every 15-min bucket start of the site-local day up to and including `now`. */
export function bucketsOfLocalDay(now: number, timeZone: string): number[] {
  const out: number[] = [];
  for (let b = localDayStart(now, timeZone); b <= now; b += BUCKET_MS) out.push(b);
  return out;
}

/** `YYYY-MM-DD`: the site-local date of an instant (the key of its day's roll-up) */
export function localDateOf(ms: number, timeZone: string): string {
  return DateTime.fromMillis(ms, { zone: timeZone }).toISODate()!;
}
