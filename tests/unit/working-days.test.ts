import { describe, expect, it } from 'vitest';
import data from '../../server/domain/calendar/ru-production-calendar.json' with { type: 'json' };
import {
  addWorkingDays,
  appealDueAt,
  calendarYears,
  isWorkingDay,
  isWorkingDayAt,
  missingCalendarYears,
  provisionalCalendarYears,
} from '../../server/domain/working-days.js';

const BY_PHONE = 5;
const BY_POST = 30;
const utc = (iso: string): number => Date.parse(iso);

describe('production calendar data', () => {
  const years: Record<string, { nonWorkingWeekdays: string[]; workingWeekendDays: string[] }> = data.years;

  it.each(Object.entries(years))('%s lists holidays only on Mon–Fri and working days only on Sat/Sun', (year, y) => {
    const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
    for (const d of y.nonWorkingWeekdays) {
      expect(d.startsWith(`${year}-`), d).toBe(true);
      expect([1, 2, 3, 4, 5], d).toContain(weekday(d));
    }
    for (const d of y.workingWeekendDays) {
      expect(d.startsWith(`${year}-`), d).toBe(true);
      expect([0, 6], d).toContain(weekday(d));
    }
  });

  // Published totals for a five-day week: 247 working days in both 2025 and 2026.
  it.each([
    [2025, 247],
    [2026, 247],
  ])('%i has %i working days', (year, expected) => {
    let count = 0;
    for (let d = Date.UTC(year, 0, 1); d < Date.UTC(year + 1, 0, 1); d += 86_400_000) {
      if (isWorkingDay(new Date(d).toISOString().slice(0, 10))) count += 1;
    }
    expect(count).toBe(expected);
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2025-01-08', false, 'Wed, last New Year holiday 2025'],
    ['2025-01-09', true, 'Thu, first working day of 2025'],
    ['2025-02-24', true, 'Mon: the Feb 23 Sunday was moved to May 8, not to Feb 24'],
    ['2025-03-10', true, 'Mon: the Mar 8 Saturday was moved to Jun 13'],
    ['2025-05-08', false, 'Thu, transferred day off'],
    ['2025-06-13', false, 'Fri, transferred day off'],
    ['2025-11-01', true, 'Sat, working by decree № 1335'],
    ['2025-11-02', false, 'Sun'],
    ['2025-11-03', false, 'Mon, transferred from Nov 1'],
    ['2025-12-31', false, 'Wed, transferred from Jan 5'],
    ['2026-01-09', false, 'Fri, transferred from Jan 3'],
    ['2026-01-12', true, 'Mon, first working day of 2026'],
    ['2026-02-23', false, 'Mon, Defender of the Fatherland Day'],
    ['2026-03-09', false, 'Mon, for Mar 8 on a Sunday'],
    ['2026-05-11', false, 'Mon, for May 9 on a Saturday'],
    ['2026-12-31', false, 'Thu, transferred from Jan 4'],
    ['2027-05-03', false, 'Mon, for May 1 on a Saturday (provisional)'],
    ['2031-01-01', true, 'Wed: no data for 2031, Mon–Fri fallback ignores the holiday'],
    ['2031-01-04', false, 'Sat: no data for 2031'],
  ])('%s → %s (%s)', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it.each(['2025-02-30', '2025-1-5', '25-01-05', '2025-01-05T00:00', ''])('rejects %j', (bad) => {
    expect(() => isWorkingDay(bad)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it.each([
    // Tue Dec 30 2025: Dec 31 and Jan 1–11 off → Jan 12 (1), 13 (2), 14 (3), 15 (4), 16 (5).
    ['2025-12-30', 5, '2026-01-16'],
    // Wed Apr 30 2025: May 1–4 off → May 5 (1), 6 (2), 7 (3); May 8–11 off → May 12 (4), 13 (5).
    ['2025-04-30', 5, '2025-05-13'],
    // Thu Apr 30 2026: May 1–3 off → May 4 (1) … May 8 (5).
    ['2026-04-30', 5, '2026-05-08'],
    // Wed May 6 2026: May 7 (1), 8 (2); May 9–11 off → May 12 (3), 13 (4), 14 (5).
    ['2026-05-06', 5, '2026-05-14'],
    // Thu Oct 30 2025: Oct 31 (1), Sat Nov 1 working (2); Nov 2–4 off → Nov 5 (3), 6 (4), 7 (5).
    ['2025-10-30', 5, '2025-11-07'],
    // Fri Oct 31 2025: the working Saturday is day 1, then Nov 5 (2) … Nov 7 (4), Mon Nov 10 (5).
    ['2025-10-31', 5, '2025-11-10'],
    // Registered on a holiday (Sat Jan 3 2026): counting starts with the next working day, Jan 12.
    ['2026-01-03', 1, '2026-01-12'],
    // Thu Dec 25 2025, by post: Dec 26 (1), 29 (2), 30 (3); Dec 31–Jan 11 off; Jan 12–16 (4–8),
    // 19–23 (9–13), 26–30 (14–18), Feb 2–6 (19–23), 9–13 (24–28), Mon Feb 16 (29), Tue Feb 17 (30).
    ['2025-12-25', BY_POST, '2026-02-17'],
    // Tue Jan 20 2026, by post: Jan 21–23 (1–3), 26–30 (4–8), Feb 2–6 (9–13), 9–13 (14–18),
    // 16–20 (19–23); Feb 23 off; Feb 24–27 (24–27), Mar 2 (28), 3 (29), Wed Mar 4 (30).
    ['2026-01-20', BY_POST, '2026-03-04'],
    // Tue Apr 15 2025, by post: Apr 16–18 (1–3), 21–25 (4–8), 28–30 (9–11); May 1–4 off;
    // May 5–7 (12–14); May 8–11 off; May 12–16 (15–19), 19–23 (20–24), 26–30 (25–29), Mon Jun 2 (30).
    ['2025-04-15', BY_POST, '2025-06-02'],
    // 2031 has no data, Mon–Fri only: Thu Jan 2 → Fri Jan 3 (1), Jan 6 (2), 7 (3), 8 (4), Thu Jan 9 (5).
    ['2031-01-02', 5, '2031-01-09'],
  ])('%s + %i working days → %s', (start, n, expected) => {
    expect(addWorkingDays(start, n)).toBe(expected);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects a period of %s working days', (n) => {
    expect(() => addWorkingDays('2025-06-02', n)).toThrow(RangeError);
  });
});

describe('appealDueAt', () => {
  it.each([
    // 14:00 Sakhalin (UTC+11) on Tue Dec 30 2025 → Fri Jan 16 2026 (see addWorkingDays),
    // 23:59:59.999 +11:00 = 12:59:59.999Z.
    ['2025-12-30T03:00:00Z', BY_PHONE, 'Asia/Sakhalin', '2026-01-16T12:59:59.999Z'],
    // 20:00Z on Mon Dec 29 2025 is already 07:00 Tue Dec 30 on Sakhalin → Jan 16 as above …
    ['2025-12-29T20:00:00Z', BY_PHONE, 'Asia/Sakhalin', '2026-01-16T12:59:59.999Z'],
    // … but still 23:00 Mon Dec 29 in Moscow (UTC+3): Dec 30 (1); Dec 31–Jan 11 off; Jan 12 (2) …
    // Thu Jan 15 (5); 23:59:59.999 +03:00 = 20:59:59.999Z.
    ['2025-12-29T20:00:00Z', BY_PHONE, 'Europe/Moscow', '2026-01-15T20:59:59.999Z'],
    // 10:00 Moscow Wed Apr 30 2025 → Tue May 13 2025 end of day Moscow.
    ['2025-04-30T07:00:00Z', BY_PHONE, 'Europe/Moscow', '2025-05-13T20:59:59.999Z'],
    // 09:00 Sakhalin Wed May 6 2026 → Thu May 14 2026 end of day Sakhalin.
    ['2026-05-05T22:00:00Z', BY_PHONE, 'Asia/Sakhalin', '2026-05-14T12:59:59.999Z'],
    // 12:00 Moscow Thu Dec 25 2025, by post → Tue Feb 17 2026 end of day Moscow.
    ['2025-12-25T09:00:00Z', BY_POST, 'Europe/Moscow', '2026-02-17T20:59:59.999Z'],
    // 12:00 Moscow Thu Oct 30 2025 → Fri Nov 7 2025 (the working Saturday counts).
    ['2025-10-30T09:00:00Z', BY_PHONE, 'Europe/Moscow', '2025-11-07T20:59:59.999Z'],
  ])('registered %s, %i working days, %s → %s', (registered, n, zone, expected) => {
    expect(new Date(appealDueAt(utc(registered), n, zone)).toISOString()).toBe(expected);
  });

  it('gives different due dates for the same instant on Sakhalin and in Moscow', () => {
    const at = utc('2025-12-29T20:00:00Z');
    expect(appealDueAt(at, BY_PHONE, 'Asia/Sakhalin')).not.toBe(appealDueAt(at, BY_PHONE, 'Europe/Moscow'));
  });

  it('treats the last millisecond of the local day as on time and the next one as late', () => {
    const due = appealDueAt(utc('2025-10-30T09:00:00Z'), BY_PHONE, 'Europe/Moscow');
    expect(isWorkingDayAt(due, 'Europe/Moscow')).toBe(true); // Fri Nov 7
    expect(isWorkingDayAt(due + 1, 'Europe/Moscow')).toBe(false); // Sat Nov 8, 00:00 Moscow
  });

  it('rejects an unknown time zone', () => {
    expect(() => appealDueAt(utc('2025-10-30T09:00:00Z'), BY_PHONE, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('isWorkingDayAt', () => {
  it.each([
    // 22:00Z Fri Oct 31 2025 = 01:00 Sat Nov 1 Moscow (working Saturday) = 09:00 Sat Nov 1 Sakhalin.
    ['2025-10-31T22:00:00Z', 'Europe/Moscow', true],
    // 14:00Z Sat Nov 1 2025 = 01:00 Sun Nov 2 Sakhalin (off), still 17:00 Sat in Moscow (working).
    ['2025-11-01T14:00:00Z', 'Asia/Sakhalin', false],
    ['2025-11-01T14:00:00Z', 'Europe/Moscow', true],
    // 13:30Z Sun Jan 11 2026 = 00:30 Mon Jan 12 Sakhalin (first working day), 16:30 Sun in Moscow.
    ['2026-01-11T13:30:00Z', 'Asia/Sakhalin', true],
    ['2026-01-11T13:30:00Z', 'Europe/Moscow', false],
  ])('%s in %s → %s', (instant, zone, expected) => {
    expect(isWorkingDayAt(utc(instant), zone)).toBe(expected);
  });
});

describe('calendar coverage', () => {
  it('covers 2025–2027, with 2027 provisional', () => {
    expect(calendarYears()).toEqual([2025, 2026, 2027]);
    expect(provisionalCalendarYears()).toEqual([2027]);
  });

  it.each([
    [[2025, 2026], []],
    [[2026, 2027, 2028], [2028]],
    [[2031, 2024, 2031, 2025], [2024, 2031]],
    [[], []],
  ])('missingCalendarYears(%j) → %j', (years, expected) => {
    expect(missingCalendarYears(years)).toEqual(expected);
  });

  it('hands out a copy of the covered years', () => {
    calendarYears().push(1999);
    expect(calendarYears()).toEqual([2025, 2026, 2027]);
  });
});
