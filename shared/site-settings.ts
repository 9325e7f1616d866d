/**
 * What makes one site's rules: its name, time zone, norms, hours and KPI thresholds — the part of
 * a site's configuration an admin may change in the browser (/admin, issue 20) as well as in the
 * sites file (server/domain/sites.ts adds the rest: id, queue and operator names). One schema for
 * both, so the file, the admin API and the admin's form refuse the same things with the same words.
 * The defaults follow docs/service-standard.md (shared/norm-defaults.ts explains each).
 * Zod: the client imports types only (`import type`), so no zod reaches the browser.
 */
import { z } from 'zod';
import { KPI_IDS, type KpiId, type KpiStatus, type KpiUnit } from './kpi-rules.js';
import type { SiteHoursNow } from './snapshot.js';
import type { KpiThresholds } from './kpi.js';
import { DEFAULT_TIME_ZONE, NORM_DEFAULTS } from './norm-defaults.js';

const DAY_MINUTES = 24 * 60;
const RANGE = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$/;

/** A range of local time on one day, minutes since local midnight: [from, to). */
export type MinuteRange = readonly [from: number, to: number];

/** "HH:MM-HH:MM" → minutes since local midnight, or undefined when it is not a range within one day. */
export function parseTimeRange(text: string): MinuteRange | undefined {
  const m = RANGE.exec(text);
  if (!m) return undefined;
  const from = Number(m[1]) * 60 + Number(m[2]);
  const to = Number(m[3]) * 60 + Number(m[4]);
  return from < to && to <= DAY_MINUTES ? [from, to] : undefined;
}

export const TimeRange = z
  .string()
  .refine((s) => parseTimeRange(s) !== undefined, 'a range "HH:MM-HH:MM" within one day, start before end (e.g. "08:00-17:00", "00:00-24:00")');

export const DayHours = z.union([TimeRange, z.array(TimeRange).max(8)]);
export type DayHours = z.infer<typeof DayHours>;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const WeeklyHours = z
  .object({
    mon: DayHours.optional(),
    tue: DayHours.optional(),
    wed: DayHours.optional(),
    thu: DayHours.optional(),
    fri: DayHours.optional(),
    sat: DayHours.optional(),
    sun: DayHours.optional(),
    /** hours of a Saturday/Sunday that the production calendar made a working day; default: Monday's */
    workingWeekend: DayHours.optional(),
    /** `production`: public holidays closed, transferred working weekends open; `weekly`: the week only */
    calendar: z.enum(['production', 'weekly']).default('production'),
  })
  .strict();
export type WeeklyHours = z.infer<typeof WeeklyHours>;

export const ALWAYS = '24/7';
export const Hours = z.union([z.literal(ALWAYS), WeeklyHours]);
export type Hours = z.infer<typeof Hours>;

/** Default working hours of a unit (N15): Monday to Friday 08:00–17:00, production calendar. */
export const DEFAULT_WORKING_HOURS: WeeklyHours = WeeklyHours.parse({
  mon: '08:00-17:00',
  tue: '08:00-17:00',
  wed: '08:00-17:00',
  thu: '08:00-17:00',
  fri: '08:00-17:00',
});

/** N11: when return calls are made */
export const CallbackWindow = z
  .object({
    /** "HH:MM-HH:MM", local time of the site */
    hours: TimeRange.default(NORM_DEFAULTS.callbackWindow.hours),
    /** `daily` as the standard says; `working`: working days of the production calendar only */
    days: z.enum(['daily', 'working']).default(NORM_DEFAULTS.callbackWindow.days),
  })
  .strict();
export type CallbackWindow = z.infer<typeof CallbackWindow>;

export const DEFAULT_CALLBACK_WINDOW: CallbackWindow = CallbackWindow.parse({});

/** Each norm defaults to the standard (shared/norm-defaults.ts, where each is explained). */
export const SiteNorms = z
  .object({
    ringSeconds: z.number().positive().default(NORM_DEFAULTS.ringSeconds),
    ringsToAnswer: z.number().int().positive().default(NORM_DEFAULTS.ringsToAnswer),
    shortAbandonSeconds: z.number().nonnegative().default(NORM_DEFAULTS.shortAbandonSeconds),
    replyByPhoneWorkingDays: z.number().int().positive().default(NORM_DEFAULTS.replyByPhoneWorkingDays),
    replyByAddressWorkingDays: z.number().int().positive().default(NORM_DEFAULTS.replyByAddressWorkingDays),
    connectTargetSeconds: z.number().positive().default(NORM_DEFAULTS.connectTargetSeconds),
    handleMinSeconds: z.number().nonnegative().default(NORM_DEFAULTS.handleMinSeconds),
    handleMaxSeconds: z.number().positive().default(NORM_DEFAULTS.handleMaxSeconds),
    callbackPromiseSeconds: z.number().positive().default(NORM_DEFAULTS.callbackPromiseSeconds),
    serviceLevelSeconds: z.number().positive().default(NORM_DEFAULTS.serviceLevelSeconds),
    conflictAckSeconds: z.number().positive().default(NORM_DEFAULTS.conflictAckSeconds),
    wrapUpMaxSeconds: z.number().positive().default(NORM_DEFAULTS.wrapUpMaxSeconds),
    callbackWindow: CallbackWindow.default(DEFAULT_CALLBACK_WINDOW),
    /** issue 16: call back a lost caller within this many minutes of callback-window time (at most a week) */
    lostCallTargetMinutes: z.number().int().positive().max(7 * 24 * 60).default(NORM_DEFAULTS.lostCallTargetMinutes),
  })
  .strict()
  .refine((n) => n.handleMinSeconds <= n.handleMaxSeconds, { path: ['handleMaxSeconds'], message: 'at least handleMinSeconds (N3 band)' });
export type SiteNorms = z.infer<typeof SiteNorms>;

/** The norms' names, in the order forms list them. */
export const NORM_FIELDS = Object.keys(NORM_DEFAULTS) as (keyof typeof NORM_DEFAULTS)[];

const limit = z.number().nullable().optional();

/** What a site may override per KPI; `null` removes a default threshold. */
export const KpiOverride = z
  .object({
    target: z.number().nullable().optional(),
    targetMax: z.number().optional(),
    warnBelow: limit,
    alertBelow: limit,
    warnAbove: limit,
    alertAbove: limit,
  })
  .strict();
export type KpiOverride = z.infer<typeof KpiOverride>;

export const KpiOverrides = z.partialRecord(z.enum(KPI_IDS), KpiOverride);
export type KpiOverrides = z.infer<typeof KpiOverrides>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const SiteName = z.object({ ru: z.string().trim().min(1).max(100), en: z.string().trim().min(1).max(100) }).strict();

/** The rules of one site: the sites file's and the admin's (both validated by this). */
export const SiteSettings = z.object({
  name: SiteName,
  timeZone: z.string().default(DEFAULT_TIME_ZONE).refine(isTimeZone, 'an IANA time zone such as Asia/Sakhalin'),
  norms: SiteNorms.default(SiteNorms.parse({})),
  /** N15: the unit's working hours (direct lines, "open now"); "24/7" or a week (docs/kpis.md) */
  hours: Hours.default(DEFAULT_WORKING_HOURS),
  /** N8: hours of the hotline; default: the working hours (territorial units); the central office: "24/7" */
  hotlineHours: Hours.optional(),
  /** per-KPI target and warn/alert limits over the defaults of server/domain/kpi/kpi-formulas.ts */
  thresholds: KpiOverrides.default({}),
  /**
   * issue 16, the storm profile: per-KPI limits that replace `thresholds` (KPI by KPI, field by
   * field) while an incident of the site is open — a surge or an outage, when the norms cannot
   * hold and the wall should still tell bad from worse. None: the thresholds stay.
   */
  stormThresholds: KpiOverrides.optional(),
});
export type SiteSettings = z.infer<typeof SiteSettings>;
/** What an admin sends (PUT /api/v1/admin/sites/:site/settings and …/preview): the whole settings, strictly. */
export const SiteSettingsChange = SiteSettings.strict();
/** What an admin's form holds before parsing (defaults not yet filled in). */
export type SiteSettingsInput = z.input<typeof SiteSettings>;

/** The site's settings as the admin sees them: in effect now, the sites file's, and whether the admin's win. */
export interface SiteSettingsRecord {
  site: string;
  /** in effect now */
  settings: SiteSettings;
  /** what the sites file (or the built-in default) says: what "reset" returns to */
  fromFile: SiteSettings;
  /** changed in /admin: who and when; absent when the file's settings are in effect */
  changed?: { by: string; at: number };
  /** each KPI's target and limits as the norms in effect make them, before any override: what an empty field means */
  kpiDefaults: Record<KpiId, { target: number | null; targetMax?: number; thresholds: KpiThresholds }>;
}

/** One KPI (of the site, or of one of its queues) whose judgement a draft of settings changes. */
export interface SitePreviewRow {
  kpi: KpiId;
  /** absent: the site's own KPI */
  queue?: string;
  unit: KpiUnit;
  value: number | null;
  before: { status: KpiStatus; target: number | null; targetMax?: number };
  after: { status: KpiStatus; target: number | null; targetMax?: number };
}

/** What saving a draft would change now (POST /api/v1/admin/sites/:site/preview): judged on the site's state at `at`. */
export interface SitePreview {
  site: string;
  at: number;
  /** the KPIs whose status or target the draft changes */
  changed: SitePreviewRow[];
  /** how many KPIs keep their status and target */
  unchanged: number;
  /** open now: working hours (N15), hotline (N8), callback window (N11), before → after */
  hours: { before: SiteHoursNow; after: SiteHoursNow };
  /** the site's local date and time now, before → after (a change of zone moves them) */
  localNow: { before: string; after: string };
}
