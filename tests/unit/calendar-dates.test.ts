/** Issue 20: the dates an admin types into /admin's production calendar, read as the server takes them. */
import { describe, expect, it } from 'vitest';
import { formatCalendarDates, parseCalendarDates } from '../../client/src/domain/calendar-dates.js';

describe('the calendar editor reads dates', () => {
  it('takes ISO and Russian dates separated by spaces, commas, semicolons or new lines, in the order typed', () => {
    expect(parseCalendarDates('2027-01-01, 04.01.2027\n5.1.2027;  2027-03-08\r\n\t09.05.2027 ')).toEqual({
      dates: ['2027-01-01', '2027-01-04', '2027-01-05', '2027-03-08', '2027-05-09'],
      unreadable: [],
    });
  });

  it('an empty field is no dates', () => {
    expect(parseCalendarDates('')).toEqual({ dates: [], unreadable: [] });
    expect(parseCalendarDates(' ,\n ; ')).toEqual({ dates: [], unreadable: [] });
  });

  it('names what is neither form, as typed, and keeps the rest', () => {
    expect(parseCalendarDates('01.01.2027 1 января 2027/01/02 27-01-01 01.01.27')).toEqual({
      dates: ['2027-01-01'],
      unreadable: ['1', 'января', '2027/01/02', '27-01-01', '01.01.27'],
    });
  });

  it('leaves whether a date is real, in the year or a weekday to the server (its words name it)', () => {
    // the form is right: the server says "a date YYYY-MM-DD, got "2027-02-31"" / "a weekday Mon–Fri, got 2027-01-02"
    expect(parseCalendarDates('31.02.2027 02.01.2027 2027-01-01 2027-01-01').dates).toEqual(['2027-02-31', '2027-01-02', '2027-01-01', '2027-01-01']);
  });

  it('writes dates the Russian way, and what it writes reads back the same', () => {
    const iso = ['2027-01-01', '2027-01-04', '2027-11-04'];
    expect(formatCalendarDates(iso)).toBe('01.01.2027, 04.01.2027, 04.11.2027');
    expect(parseCalendarDates(formatCalendarDates(iso))).toEqual({ dates: iso, unreadable: [] });
    expect(formatCalendarDates([])).toBe('');
  });
});
