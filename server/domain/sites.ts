/**
 * Sites (subdivisions) and their norms. The defaults follow docs/service-standard.md;
 * every number can be overridden per site in the sites file (OBZOR_SITES_FILE, validated at
 * start-up; example: config/sites.example.json; reference: docs/kpis.md) and, for the settings of
 * shared/site-settings.ts, in /admin, whose change wins until reset (server/store/live-sites.ts).
 */
import { z } from 'zod';
import { ENTITY_ID_RULE, isEntityId } from '../../shared/entity-id.js';
import { AGENT_NAME_MAX } from '../../shared/events.js';
import { SiteSettings } from '../../shared/site-settings.js';

export { SiteNorms } from '../../shared/site-settings.js';

export const SiteConfig = SiteSettings.extend({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'lower-case letters, digits and -'),
  /** how screens name the site's queues: the queue's id (as the PBX or the feed sends it) → a name per language, any script */
  queueNames: z.record(z.string().refine(isEntityId, ENTITY_ID_RULE), z.object({ ru: z.string().min(1).max(100), en: z.string().min(1).max(100) })).optional(),
  /** named sets of the site's queues a display's layout may name instead of listing them ("billing" → its three queues) */
  queueGroups: z.record(z.string().refine(isEntityId, ENTITY_ID_RULE), z.array(z.string().refine(isEntityId, ENTITY_ID_RULE)).min(1).max(200)).optional(),
  /** how screens for staff name the site's operators: the agent id (as the PBX or feed sends it) → a name; wins over the PBX's name; never shown on walls */
  agentNames: z.record(z.string().refine(isEntityId, ENTITY_ID_RULE), z.string().trim().min(1).max(AGENT_NAME_MAX)).optional(),
});
export type SiteConfig = z.infer<typeof SiteConfig>;

/** The part of a site's configuration that /admin may change (shared/site-settings.ts). */
export function settingsOf(site: SiteConfig): SiteSettings {
  return { name: site.name, timeZone: site.timeZone, norms: site.norms, hours: site.hours, ...(site.hotlineHours ? { hotlineHours: site.hotlineHours } : {}), thresholds: site.thresholds };
}

/** The site with other settings in effect (the admin's, or a draft being previewed). */
export function withSettings(site: SiteConfig, settings: SiteSettings): SiteConfig {
  const { hotlineHours: _drop, ...rest } = site;
  return { ...rest, ...settings };
}

/** The central office: hotline ("trust line") around the clock (N8). */
export const CENTRAL_OFFICE_ID = 'yuzhno-sakhalinsk';

export const DEFAULT_SITES: SiteConfig[] = [
  SiteConfig.parse({ id: CENTRAL_OFFICE_ID, name: { ru: 'Южно-Сахалинск', en: 'Yuzhno-Sakhalinsk' }, hotlineHours: '24/7' }),
];

/** The sites as they are now (server/store/live-sites.ts keeps them, with /admin's changes); a fixed list for tools and tests. */
export interface SiteLookup {
  all(): readonly SiteConfig[];
  get(id: string): SiteConfig | undefined;
}

export function fixedSites(sites: readonly SiteConfig[]): SiteLookup {
  const byId = new Map(sites.map((s) => [s.id, s]));
  return { all: () => sites, get: (id) => byId.get(id) };
}
