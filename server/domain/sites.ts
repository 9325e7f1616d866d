/**
 * Sites (subdivisions) and their norms. The defaults follow docs/service-standard.md;
 * every number can be overridden per site in the sites file (OBZOR_SITES_FILE, validated at
 * start-up; example: config/sites.example.json; reference: docs/kpis.md).
 */
import { z } from 'zod';
import { CallbackWindow, DEFAULT_CALLBACK_WINDOW } from './callback-window.js';
import { KpiOverrides } from './kpi/kpi-status.js';
import { DEFAULT_WORKING_HOURS, Hours } from './site-hours.js';

export const SiteNorms = z.object({
  /** N1: one ring = 1 s tone + 4 s pause on Russian PSTN */
  ringSeconds: z.number().positive().default(5),
  /** N1: answer no later than after the 3rd ring */
  ringsToAnswer: z.number().int().positive().default(3),
  /** industry practice: callers who hang up this fast are not counted as abandoned */
  shortAbandonSeconds: z.number().nonnegative().default(5),
  /** N10: answering-machine reply deadlines in working days */
  replyByPhoneWorkingDays: z.number().int().positive().default(5),
  replyByAddressWorkingDays: z.number().int().positive().default(30),
  /** N2: average time to connect the client with a specialist */
  connectTargetSeconds: z.number().positive().default(40),
  /** N3: average time to provide the information, a band */
  handleMinSeconds: z.number().nonnegative().default(300),
  handleMaxSeconds: z.number().positive().default(600),
  /** N4: an answer needing longer preparation than this becomes a callback promise */
  callbackPromiseSeconds: z.number().positive().default(120),
  /** service level: a call counts as answered in time when answered this soon after entering the queue (80/20 practice) */
  serviceLevelSeconds: z.number().positive().default(20),
  /** N13: an escalation nobody acknowledged this long re-alerts the managers and turns the wall red */
  conflictAckSeconds: z.number().positive().default(300),
  /** N11: return calls are made daily 09:00–17:30 */
  callbackWindow: CallbackWindow.default(DEFAULT_CALLBACK_WINDOW),
}).refine((n) => n.handleMinSeconds <= n.handleMaxSeconds, { path: ['handleMaxSeconds'], message: 'at least handleMinSeconds (N3 band)' });
export type SiteNorms = z.infer<typeof SiteNorms>;

export const SiteConfig = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'lower-case letters, digits and -'),
  name: z.object({ ru: z.string().min(1), en: z.string().min(1) }),
  timeZone: z
    .string()
    .default('Asia/Sakhalin')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as Asia/Sakhalin'),
  norms: SiteNorms.default(SiteNorms.parse({})),
  /** N15: the unit's working hours (direct lines, "open now"); "24/7" or a week (docs/kpis.md) */
  hours: Hours.default(DEFAULT_WORKING_HOURS),
  /** N8: hours of the hotline; default: the working hours (territorial units); the central office: "24/7" */
  hotlineHours: Hours.optional(),
  /** per-KPI target and warn/alert limits over the defaults of server/domain/kpi/kpi-formulas.ts */
  thresholds: KpiOverrides.default({}),
});
export type SiteConfig = z.infer<typeof SiteConfig>;

/** The central office: hotline ("trust line") around the clock (N8). */
export const CENTRAL_OFFICE_ID = 'yuzhno-sakhalinsk';

export const DEFAULT_SITES: SiteConfig[] = [
  SiteConfig.parse({ id: CENTRAL_OFFICE_ID, name: { ru: 'Южно-Сахалинск', en: 'Yuzhno-Sakhalinsk' }, hotlineHours: '24/7' }),
];
