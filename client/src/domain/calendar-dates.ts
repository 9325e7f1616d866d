/**
 * The dates an admin types or pastes from a decree into /admin's calendar editor, as the ISO
 * dates the server takes: `2027-01-04` or the Russian `04.01.2027` (also `4.1.2027`), separated
 * by spaces, commas, semicolons or new lines. Only the form is read here; whether a date is
 * real, in the year and on the right kind of day is the server's to say (shared/production-calendar.ts),
 * so its words name the date. Pure.
 */
export interface ParsedDates {
  /** ISO `YYYY-MM-DD`, in the order typed (the server's refusal names a date by this position) */
  dates: string[];
  /** what is neither form, as typed */
  unreadable: string[];
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const RUSSIAN = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

const two = (n: string) => n.padStart(2, '0');

export function parseCalendarDates(text: string): ParsedDates {
  const dates: string[] = [];
  const unreadable: string[] = [];
  for (const word of text.split(/[\s,;]+/).filter(Boolean)) {
    const ru = RUSSIAN.exec(word);
    if (ISO.test(word)) dates.push(word);
    else if (ru) dates.push(`${ru[3]}-${two(ru[2]!)}-${two(ru[1]!)}`);
    else unreadable.push(word);
  }
  return { dates, unreadable };
}

/** ISO dates as the editor shows them to a Russian reader: `04.01.2027, 05.01.2027` (they read back the same). */
export function formatCalendarDates(iso: readonly string[]): string {
  return iso.map((d) => (ISO.test(d) ? d.split('-').reverse().join('.') : d)).join(', ');
}
