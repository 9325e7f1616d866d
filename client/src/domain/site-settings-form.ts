/**
 * A site's settings as the admin's form holds them (text fields), and back: ratios as percent,
 * a day's hours as "08:00-12:00, 13:00-17:00" (empty: closed), a KPI limit left empty as "the
 * default", "-" as "no such limit". Turning the form back names each field it cannot read; what
 * the text says is then checked by the server with the sites file's own schema.
 */
import { KPI_IDS, KPI_META, type KpiId } from '@shared/kpi-rules.js';
import { ALWAYS, NORM_FIELDS, WEEKDAYS, type DayHours, type Hours, type KpiOverride, type KpiOverrides, type SiteSettings, type SiteSettingsInput } from '@shared/site-settings.js';

export const HOURS_DAYS = [...WEEKDAYS, 'workingWeekend'] as const;
export type HoursDay = (typeof HOURS_DAYS)[number];

export interface HoursForm {
  /** `same`: the hotline keeps the working hours (only for the hotline) */
  mode: 'always' | 'week' | 'same';
  days: Record<HoursDay, string>;
  /** the production calendar closes holidays and opens transferred working weekends */
  production: boolean;
}

export const LIMIT_FIELDS = ['target', 'targetMax', 'warnBelow', 'alertBelow', 'warnAbove', 'alertAbove'] as const;
export type LimitField = (typeof LIMIT_FIELDS)[number];

/** The KPIs whose limits an admin may set: those with a status (flags only say yes or no). */
export const TUNABLE_KPIS: readonly KpiId[] = KPI_IDS.filter((id) => KPI_META[id].unit !== 'flag');

type NumericNorm = Exclude<(typeof NORM_FIELDS)[number], 'callbackWindow'>;
export const NUMERIC_NORMS = NORM_FIELDS.filter((f): f is NumericNorm => f !== 'callbackWindow');

export interface SiteForm {
  nameRu: string;
  nameEn: string;
  timeZone: string;
  hours: HoursForm;
  hotline: HoursForm;
  norms: Record<NumericNorm, string>;
  callbackHours: string;
  callbackDays: 'daily' | 'working';
  thresholds: LimitsForm;
  /** issue 16: the storm profile — on, and its limits (an empty field keeps the everyday limit) */
  stormOn: boolean;
  storm: LimitsForm;
}

/** each tunable KPI's limits as typed */
export type LimitsForm = Record<KpiId, Record<LimitField, string>>;

/** Percent in the form for shares (0…1 on the wire). */
const isShare = (id: KpiId) => KPI_META[id].unit === 'ratio';

function numberText(n: number | null | undefined, share: boolean): string {
  if (n === undefined) return '';
  if (n === null) return '-';
  return String(share ? Math.round(n * 100_000) / 1000 : n);
}

function dayText(d: DayHours | undefined): string {
  return d === undefined ? '' : typeof d === 'string' ? d : d.join(', ');
}

function hoursForm(h: Hours | undefined, hotline: boolean): HoursForm {
  const empty = Object.fromEntries(HOURS_DAYS.map((d) => [d, ''])) as Record<HoursDay, string>;
  if (h === undefined) return { mode: hotline ? 'same' : 'week', days: empty, production: true };
  if (h === ALWAYS) return { mode: 'always', days: empty, production: true };
  const days = { ...empty };
  for (const d of HOURS_DAYS) days[d] = dayText(h[d]);
  return { mode: 'week', days, production: h.calendar !== 'weekly' };
}

function limitsForm(overrides: KpiOverrides = {}): LimitsForm {
  const out = {} as LimitsForm;
  for (const id of TUNABLE_KPIS) {
    const o: KpiOverride = overrides[id] ?? {};
    out[id] = Object.fromEntries(LIMIT_FIELDS.map((f) => [f, numberText(o[f], isShare(id))])) as Record<LimitField, string>;
  }
  return out;
}

export function formOf(s: SiteSettings): SiteForm {
  const norms = Object.fromEntries(NUMERIC_NORMS.map((f) => [f, String(s.norms[f])])) as Record<NumericNorm, string>;
  const thresholds = limitsForm(s.thresholds);
  return {
    nameRu: s.name.ru,
    nameEn: s.name.en,
    timeZone: s.timeZone,
    hours: hoursForm(s.hours, false),
    hotline: hoursForm(s.hotlineHours, true),
    norms,
    callbackHours: s.norms.callbackWindow.hours,
    callbackDays: s.norms.callbackWindow.days,
    thresholds,
    stormOn: s.stormThresholds !== undefined,
    storm: limitsForm(s.stormThresholds),
  };
}

function hoursOf(f: HoursForm): Hours | undefined {
  if (f.mode === 'same') return undefined;
  if (f.mode === 'always') return ALWAYS;
  const week: Partial<Record<HoursDay, DayHours>> = {};
  for (const d of HOURS_DAYS) {
    const ranges = f.days[d].split(/[,;\s]+/).filter(Boolean);
    if (ranges.length) week[d] = ranges.length === 1 ? ranges[0]! : ranges;
  }
  return { ...week, calendar: f.production ? 'production' : 'weekly' };
}

const NUMBER = /^-?\d+(?:[.,]\d+)?$/;

export type FormResult = { settings: SiteSettingsInput } | { errors: string[] };

/** The settings the form says, or the fields it cannot read (path as the server names it, and what was typed). */
export function settingsOf(f: SiteForm): FormResult {
  const errors: string[] = [];
  const num = (text: string, path: string): number | undefined => {
    const t = text.trim();
    if (!NUMBER.test(t)) {
      errors.push(`${path}: expected a number, got "${t}"`);
      return undefined;
    }
    return Number(t.replace(',', '.'));
  };
  const norms: Record<string, unknown> = { callbackWindow: { hours: f.callbackHours.trim(), days: f.callbackDays } };
  for (const n of NUMERIC_NORMS) norms[n] = num(f.norms[n], `norms.${n}`);
  const limitsOf = (table: LimitsForm, path: string): KpiOverrides => {
    const out: KpiOverrides = {};
    for (const id of TUNABLE_KPIS) {
      const o: Record<string, number | null> = {};
      for (const field of LIMIT_FIELDS) {
        const t = table[id][field].trim();
        if (t === '') continue;
        if (t === '-') {
          // a target cannot be removed, only its limits; "-" there means "no target"
          o[field] = null;
          continue;
        }
        const v = num(t, `${path}.${id}.${field}`);
        if (v !== undefined) o[field] = isShare(id) ? v / 100 : v;
      }
      if (Object.keys(o).length) out[id] = o as KpiOverride;
    }
    return out;
  };
  const thresholds = limitsOf(f.thresholds, 'thresholds');
  const stormThresholds = f.stormOn ? limitsOf(f.storm, 'stormThresholds') : undefined;
  if (errors.length) return { errors };
  const hotlineHours = hoursOf(f.hotline);
  return {
    settings: {
      name: { ru: f.nameRu.trim(), en: f.nameEn.trim() },
      timeZone: f.timeZone.trim(),
      norms: norms as SiteSettingsInput['norms'],
      hours: hoursOf(f.hours) ?? ALWAYS,
      ...(hotlineHours !== undefined ? { hotlineHours } : {}),
      thresholds,
      ...(stormThresholds !== undefined ? { stormThresholds } : {}),
    },
  };
}

/** A limit of the defaults, as the form shows it beside an empty field ("< 80 %", "> 40 s"). */
export function limitText(id: KpiId, v: number | null | undefined): string {
  return numberText(v ?? undefined, isShare(id));
}
