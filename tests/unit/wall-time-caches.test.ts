/**
 * The wall's time texts are remembered (a TV stick asks for the same second and the same day on
 * every update: npm run bench -- tv); whatever the order of the instants and zones asked, the
 * remembered answers are the ones worked out afresh.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatDate, formatTimeOfDay } from '../../client/src/format/clock.js';
import { endOfLocalDay } from '../../client/src/domain/local-day.js';

const ZONES = ['Asia/Sakhalin', 'Europe/Moscow', 'America/New_York', 'Asia/Kolkata'];
// around the New York clock changes of 2026 and a plain day
const FROM = Date.UTC(2026, 2, 7);
const TO = Date.UTC(2026, 10, 3);
const instant = fc.oneof(fc.integer({ min: FROM, max: FROM + 3 * 86_400_000 }), fc.integer({ min: TO - 2 * 86_400_000, max: TO }), fc.integer({ min: FROM, max: TO }));
const asks = fc.array(fc.tuple(instant, fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 2500 })), { minLength: 1, maxLength: 60 });

describe('time texts remembered for the wall', () => {
  it('HH:MM:SS is the fresh Intl text, asked in any order, within a second or across', () => {
    fc.assert(
      fc.property(asks, (list) => {
        for (const [ms, zone, later] of list) {
          for (const at of [ms, ms + later]) {
            const fresh = new Intl.DateTimeFormat('ru-RU', { timeZone: zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(at);
            expect(formatTimeOfDay(at, zone)).toBe(fresh);
          }
        }
      }),
    );
  });

  it('the date is the fresh Intl text, asked in any order and language', () => {
    fc.assert(
      fc.property(asks, fc.constantFrom('ru-RU', 'en-GB'), (list, locale) => {
        for (const [ms, zone, later] of list) {
          for (const at of [ms, ms + later * 1000]) {
            const fresh = new Intl.DateTimeFormat(locale, { timeZone: zone, day: 'numeric', month: 'long', weekday: 'long' }).format(at);
            expect(formatDate(at, zone, locale)).toBe(fresh);
          }
        }
      }),
    );
  });

  it("the end of a site's day is its local day's last millisecond, asked in any order", () => {
    fc.assert(
      fc.property(asks, (list) => {
        for (const [ms, zone, later] of list) {
          for (const at of [ms, ms + later * 60_000]) {
            const end = DateTime.fromMillis(at, { zone }).endOf('day').toMillis();
            expect(endOfLocalDay(at, zone)).toBe(end);
          }
        }
      }),
    );
  });
});
