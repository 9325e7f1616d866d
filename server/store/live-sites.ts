/**
 * The sites in effect now: the configuration's (sites file or built-in), with the settings /admin
 * changed laid over them (server/store/site-settings-store.ts). Every part of the server that
 * judges a site — ingest's fold, the state reader, history and appeals — asks this for the site
 * each time, so a change takes effect on the next event and the next push, on every node (each
 * node reloads a site when `admin:changed` names it). The set of sites itself is the file's.
 */
import { EventEmitter } from 'node:events';
import type { SiteSettings } from '../../shared/site-settings.js';
import { settingsOf, withSettings, type SiteConfig, type SiteLookup } from '../domain/sites.js';
import { CalendarStore } from './calendar-store.js';
import type { Keys } from './keys.js';
import type { ObzorRedis } from './redis-client.js';
import { SiteSettingsStore, type StoredSiteSettings } from './site-settings-store.js';

export class LiveSites extends EventEmitter<{ changed: [site: string] }> implements SiteLookup {
  private current: SiteConfig[];
  private byId: Map<string, SiteConfig>;
  private readonly changes = new Map<string, StoredSiteSettings>();
  private readonly fromFile: ReadonlyMap<string, SiteConfig>;

  constructor(
    fileSites: readonly SiteConfig[],
    private readonly store: SiteSettingsStore,
    private readonly onBad: (site: string, why: string) => void = () => undefined,
  ) {
    super();
    this.fromFile = new Map(fileSites.map((s) => [s.id, s]));
    this.current = [...fileSites];
    this.byId = new Map(this.fromFile);
  }

  /** Reads every site's /admin settings (at start-up). */
  async load(): Promise<void> {
    const stored = await this.store.readAll(this.ids(), this.onBad);
    this.changes.clear();
    for (const [site, s] of stored) this.changes.set(site, s);
    this.recompute();
  }

  /** Reloads one site after `admin:changed` said it changed (on any node); emits `changed`. */
  async reload(site: string): Promise<void> {
    if (!this.fromFile.has(site)) return;
    const stored = await this.store.read(site);
    if (typeof stored === 'string') this.onBad(site, stored);
    if (stored && typeof stored !== 'string') this.changes.set(site, stored);
    else this.changes.delete(site);
    this.recompute();
    this.emit('changed', site);
  }

  all(): readonly SiteConfig[] {
    return this.current;
  }

  get(id: string): SiteConfig | undefined {
    return this.byId.get(id);
  }

  ids(): string[] {
    return [...this.fromFile.keys()];
  }

  /** What the sites file says of the site (what a reset returns to). */
  fileSettings(id: string): SiteSettings | undefined {
    const s = this.fromFile.get(id);
    return s && settingsOf(s);
  }

  /** Who changed the site's settings in /admin, and when; undefined when the file's are in effect. */
  changedBy(id: string): { by: string; at: number } | undefined {
    const c = this.changes.get(id);
    return c && { by: c.by, at: c.at };
  }

  private recompute(): void {
    this.current = [...this.fromFile.values()].map((s) => {
      const c = this.changes.get(s.id);
      return c ? withSettings(s, c.settings) : s;
    });
    this.byId = new Map(this.current.map((s) => [s.id, s]));
  }
}

/** The sites and calendar in effect, as a tool that runs beside the server (rebuild, import) must judge with them. */
export async function loadSitesInEffect(redis: ObzorRedis, keys: Keys, fileSites: readonly SiteConfig[], onBad?: (what: string, why: string) => void): Promise<LiveSites> {
  const live = new LiveSites(fileSites, new SiteSettingsStore(redis, keys), onBad && ((site, why) => onBad(`site ${site}`, why)));
  await live.load();
  await new CalendarStore(redis, keys, Date.now, onBad && ((year, why) => onBad(`calendar ${year}`, why))).install();
  return live;
}
