/**
 * The periods a report is asked for (issue 17), as the site's calendar dates: today, yesterday,
 * this and last week (Monday to Sunday), month, quarter, year. Dates are counted as dates (no
 * clock, no zone): the server reads `from`…`to` as local days of the site. Pure.
 */
export const PERIOD_PRESETS = ['today', 'yesterday', 'thisWeek', 'lastWeek', 'thisMonth', 'lastMonth', 'thisQuarter', 'lastQuarter', 'thisYear', 'lastYear'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export interface DateRange {
  /** `YYYY-MM-DD`, both included */
  from: string;
  to: string;
}

const key = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, day: number) => new Date(Date.UTC(y, m, day));

export function presetRange(preset: PeriodPreset, today: string): DateRange {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const t = utc(y, m - 1, d);
  const shift = (days: number) => utc(y, m - 1, d + days);
  const weekday = (t.getUTCDay() + 6) % 7; // Monday 0
  const q = Math.floor((m - 1) / 3);
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday':
      return { from: key(shift(-1)), to: key(shift(-1)) };
    case 'thisWeek':
      return { from: key(shift(-weekday)), to: today };
    case 'lastWeek':
      return { from: key(shift(-weekday - 7)), to: key(shift(-weekday - 1)) };
    case 'thisMonth':
      return { from: key(utc(y, m - 1, 1)), to: today };
    case 'lastMonth':
      return { from: key(utc(y, m - 2, 1)), to: key(utc(y, m - 1, 0)) };
    case 'thisQuarter':
      return { from: key(utc(y, q * 3, 1)), to: today };
    case 'lastQuarter':
      return { from: key(utc(y, q * 3 - 3, 1)), to: key(utc(y, q * 3, 0)) };
    case 'thisYear':
      return { from: key(utc(y, 0, 1)), to: today };
    case 'lastYear':
      return { from: key(utc(y - 1, 0, 1)), to: key(utc(y - 1, 11, 31)) };
  }
}

/** the step that keeps a period readable: hours up to a week, days up to a quarter, weeks up to half a year, months beyond */
export function defaultStep(r: DateRange): '1h' | '1d' | '1w' | '1mo' {
  const days = (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 + 1;
  return days <= 7 ? '1h' : days <= 92 ? '1d' : days <= 186 ? '1w' : '1mo';
}
