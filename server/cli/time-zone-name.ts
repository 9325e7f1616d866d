/**
 * A time zone typed by an operator, checked against the IANA names this Node knows
 * (`Intl.supportedValuesOf('timeZone')`); also their aliases Intl accepts (UTC, Etc/GMT-11,
 * Asia/Calcutta). Case is forgiven and the canonical spelling returned; a wrong name gets
 * the message to print, with the nearest real names.
 */
import { didYouMean } from './closest-names.js';

let canonical: readonly string[] | undefined;
const zones = (): readonly string[] => (canonical ??= Intl.supportedValuesOf('timeZone'));

/** letters, `_`, `/`, `-`, `+` and digits, as zone names are: no offsets (`+11:00`), no spaces */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

export function timeZoneName(typed: string): { zone: string } | { error: string } {
  const t = typed.trim();
  const exact = zones().find((z) => z === t) ?? zones().find((z) => z.toLowerCase() === t.toLowerCase());
  if (exact) return { zone: exact };
  if (ZONE_NAME.test(t)) {
    try {
      return { zone: new Intl.DateTimeFormat('en', { timeZone: t }).resolvedOptions().timeZone };
    } catch {
      // not a zone: below
    }
  }
  return { error: `unknown time zone "${typed}"${didYouMean(t, zones())}: expected an IANA name such as Asia/Sakhalin or Europe/Moscow` };
}
