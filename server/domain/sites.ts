/**
 * Sites (subdivisions) and their norms. The defaults follow docs/service-standard.md;
 * every number can be overridden per site in the sites file (OBZOR_SITES_FILE, validated at
 * start-up; example: config/sites.example.json; reference: docs/kpis.md).
 */
import { z } from 'zod';
import { ENTITY_ID_RULE, isEntityId } from '../../shared/entity-id.js';
import { DEFAULT_TIME_ZONE, NORM_DEFAULTS } from '../../shared/norm-defaults.js';
import { AGENT_NAME_MAX } from '../../shared/events.js';
import { CallbackWindow, DEFAULT_CALLBACK_WINDOW } from './callback-window.js';
import { KpiOverrides } from './kpi/kpi-status.js';
import { DEFAULT_WORKING_HOURS, Hours } from './site-hours.js';

/** Each norm defaults to the standard (shared/norm-defaults.ts, where each is explained). */
export const SiteNorms = z.object({
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
}).refine((n) => n.handleMinSeconds <= n.handleMaxSeconds, { path: ['handleMaxSeconds'], message: 'at least handleMinSeconds (N3 band)' });
export type SiteNorms = z.infer<typeof SiteNorms>;

export const SiteConfig = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'lower-case letters, digits and -'),
  name: z.object({ ru: z.string().min(1), en: z.string().min(1) }),
  timeZone: z
    .string()
    .default(DEFAULT_TIME_ZONE)
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
  /** how screens name the site's queues: the queue's id (as the PBX or the feed sends it) → a name per language, any script */
  queueNames: z.record(z.string().refine(isEntityId, ENTITY_ID_RULE), z.object({ ru: z.string().min(1).max(100), en: z.string().min(1).max(100) })).optional(),
  /** named sets of the site's queues a display's layout may name instead of listing them ("billing" → its three queues) */
  queueGroups: z.record(z.string().refine(isEntityId, ENTITY_ID_RULE), z.array(z.string().refine(isEntityId, ENTITY_ID_RULE)).min(1).max(200)).optional(),
  /** how screens for staff name the site's operators: the agent id (as the PBX or feed sends it) → a name; wins over the PBX's name; never shown on walls */
  agentNames: z.record(z.string().refine(isEntityId, ENTITY_ID_RULE), z.string().trim().min(1).max(AGENT_NAME_MAX)).optional(),
});
export type SiteConfig = z.infer<typeof SiteConfig>;

/** The central office: hotline ("trust line") around the clock (N8). */
export const CENTRAL_OFFICE_ID = 'yuzhno-sakhalinsk';

export const DEFAULT_SITES: SiteConfig[] = [
  SiteConfig.parse({ id: CENTRAL_OFFICE_ID, name: { ru: 'Южно-Сахалинск', en: 'Yuzhno-Sakhalinsk' }, hotlineHours: '24/7' }),
];
