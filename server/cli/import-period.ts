/** The period an import covered, as the site's people read it: in the site's time zone, with its offset. */
import { DateTime } from 'luxon';

export function importPeriod(firstAt: string | null, lastAt: string | null, timeZone: string): string {
  if (!firstAt || !lastAt) return '—';
  const local = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(timeZone).toFormat('yyyy-LL-dd HH:mm:ss ZZ');
  return `${local(firstAt)} … ${local(lastAt)} (${timeZone})`;
}
