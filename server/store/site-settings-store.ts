/**
 * What /admin changed of a site's rules (its name, zone, norms, hours, thresholds), kept in Redis
 * beside the site's data (`{site}:settings`, one slot with it). It wins over the sites file until
 * an admin resets it; every change is announced on `admin:changed` so every node takes it at once.
 * What is read back is validated again: a value a newer or older version wrote that no longer
 * passes is ignored (the file's settings stay in effect) and reported, never half-applied.
 */
import { SiteSettings } from '../../shared/site-settings.js';
import { formatIssues } from '../../shared/validation-error.js';
import type { Keys } from './keys.js';
import type { ObzorRedis } from './redis-client.js';
import { slotPipeline } from './slot-pipeline.js';

export interface StoredSiteSettings {
  settings: SiteSettings;
  by: string;
  at: number;
}

export class SiteSettingsStore {
  constructor(
    private readonly redis: ObzorRedis,
    private readonly keys: Keys,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The admin's settings of each site that has them; `onBad`: a stored value that no longer validates. */
  async readAll(siteIds: readonly string[], onBad: (site: string, why: string) => void = () => undefined): Promise<Map<string, StoredSiteSettings>> {
    const out = new Map<string, StoredSiteSettings>();
    if (siteIds.length === 0) return out;
    const pipe = slotPipeline(this.redis);
    for (const s of siteIds) pipe.get(this.keys.siteSettings(s));
    const replies = (await pipe.exec()) ?? [];
    siteIds.forEach((site, i) => {
      const [err, raw] = replies[i] ?? [];
      if (err) throw err;
      if (typeof raw !== 'string') return;
      const stored = parseStored(raw);
      if (typeof stored === 'string') onBad(site, stored);
      else out.set(site, stored);
    });
    return out;
  }

  async read(site: string): Promise<StoredSiteSettings | undefined | string> {
    const raw = await this.redis.get(this.keys.siteSettings(site));
    return raw === null ? undefined : parseStored(raw);
  }

  async write(site: string, settings: SiteSettings, by: string): Promise<StoredSiteSettings> {
    const stored: StoredSiteSettings = { settings, by, at: this.clock() };
    await this.redis.set(this.keys.siteSettings(site), JSON.stringify(stored));
    await this.redis.publish(this.keys.adminChangedChannel(), `site:${site}`);
    return stored;
  }

  /** Back to the sites file's settings; false when /admin had not changed them. */
  async reset(site: string): Promise<boolean> {
    const gone = (await this.redis.del(this.keys.siteSettings(site))) > 0;
    if (gone) await this.redis.publish(this.keys.adminChangedChannel(), `site:${site}`);
    return gone;
  }
}

function parseStored(raw: string): StoredSiteSettings | string {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return 'not JSON';
  }
  const o = json as Partial<StoredSiteSettings> | null;
  const parsed = SiteSettings.safeParse(o?.settings);
  if (!parsed.success) return formatIssues(parsed.error.issues, o?.settings);
  return { settings: parsed.data, by: typeof o?.by === 'string' ? o.by : '?', at: typeof o?.at === 'number' ? o.at : 0 };
}
