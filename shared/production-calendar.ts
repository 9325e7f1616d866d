/**
 * A year of the Russian production calendar as an admin enters it from the government's decree
 * (/admin, issue 20): the weekdays made non-working (public holidays and the days they moved to)
 * and the Saturdays/Sundays made working. It replaces the built-in data of that year
 * (server/domain/working-days.ts), which deadlines (N10) and opening hours (N8, N15) follow.
 * Zod: the client imports types only.
 */
import { z } from 'zod';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 0 = Sunday … 6 = Saturday, or undefined when it is not a real date. */
function weekdayOf(iso: string): number | undefined {
  if (!ISO_DATE.test(iso)) return undefined;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? d.getUTCDay() : undefined;
}

export const CALENDAR_YEAR_MIN = 2000;
export const CALENDAR_YEAR_MAX = 2100;

export const CalendarYearParam = z.coerce.number().int().min(CALENDAR_YEAR_MIN).max(CALENDAR_YEAR_MAX);

const dates = z.array(z.string()).max(60);

/** The decree of `year`: every date in that year, non-working ones on Mon–Fri, working ones on Sat/Sun, none in both. */
export function calendarDecree(year: number) {
  return z
    .object({
      /** which decree it is ("Постановление Правительства РФ от … № …"), for whoever checks it later */
      decree: z.string().trim().max(200).optional(),
      nonWorkingWeekdays: dates,
      workingWeekendDays: dates,
    })
    .strict()
    .superRefine((d, ctx) => {
      const check = (list: readonly string[], field: 'nonWorkingWeekdays' | 'workingWeekendDays', weekend: boolean) =>
        list.forEach((iso, i) => {
          const wd = weekdayOf(iso);
          const path = [field, i];
          if (wd === undefined) ctx.addIssue({ code: 'custom', path, message: `a date YYYY-MM-DD, got "${iso}"` });
          else if (!iso.startsWith(`${year}-`)) ctx.addIssue({ code: 'custom', path, message: `a date in ${year}, got ${iso}` });
          else if ((wd === 0 || wd === 6) !== weekend) ctx.addIssue({ code: 'custom', path, message: weekend ? `a Saturday or Sunday, got ${iso} (a weekday)` : `a weekday Mon–Fri, got ${iso} (a weekend day is non-working anyway)` });
          else if (list.indexOf(iso) !== i) ctx.addIssue({ code: 'custom', path, message: `${iso} is listed twice` });
        });
      check(d.nonWorkingWeekdays, 'nonWorkingWeekdays', false);
      check(d.workingWeekendDays, 'workingWeekendDays', true);
    })
    .transform((d) => ({ ...(d.decree ? { decree: d.decree } : {}), nonWorkingWeekdays: [...d.nonWorkingWeekdays].sort(), workingWeekendDays: [...d.workingWeekendDays].sort() }));
}
export type CalendarDecree = z.output<ReturnType<typeof calendarDecree>>;

/** A year as /admin lists it. */
export interface CalendarYearRecord extends CalendarDecree {
  year: number;
  /** `built-in`: shipped with Obzor; `admin`: entered in /admin (wins over the built-in data) */
  source: 'built-in' | 'admin';
  /** built-in data entered before the decree was known: may still change */
  provisional: boolean;
  changed?: { by: string; at: number };
}
