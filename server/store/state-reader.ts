/** Reads what the dashboard shows out of Redis: one pipelined round trip per request. */
import type { ResolvedConflict } from '../../shared/conflicts.js';
import type { Snapshot, SiteState } from '../../shared/snapshot.js';
import { LIVE_TABLES, type SnapshotTable } from '../domain/derived.js';
import { bucketsOfLocalDay } from '../domain/local-day.js';
import { buildSiteState } from '../domain/site-state.js';
import { centreKpis } from '../domain/kpi/kpi-formulas.js';
import type { SiteConfig } from '../domain/sites.js';
import type { Keys } from './keys.js';
import type { ObzorRedis } from './redis-client.js';
import { StoreUnavailableError } from './event-store.js';

export class StateReader {
  constructor(
    private readonly redis: ObzorRedis,
    private readonly keys: Keys,
    private readonly sites: readonly SiteConfig[],
    private readonly clock: () => number = Date.now,
  ) {}

  async sitesState(siteIds?: readonly string[]): Promise<SiteState[]> {
    const wanted = siteIds ? this.sites.filter((s) => siteIds.includes(s.id)) : this.sites;
    const now = this.clock();
    const pipe = this.redis.pipeline();
    const plan = wanted.map((site) => {
      pipe.get(this.keys.seq(site.id));
      for (const t of LIVE_TABLES) pipe.hgetall(this.keys.live(site.id, t));
      const buckets = bucketsOfLocalDay(now, site.timeZone);
      for (const b of buckets) pipe.hgetall(this.keys.counters(site.id, b));
      return { site, buckets: buckets.length };
    });
    const replies = await pipe.exec().catch((e: Error) => {
      throw new StoreUnavailableError(e.message);
    });
    if (!replies) throw new StoreUnavailableError('pipeline aborted');
    let i = 0;
    const next = () => {
      const [err, v] = replies[i++]!;
      if (err) throw new StoreUnavailableError(err.message);
      return v;
    };
    return plan.map(({ site, buckets }) => {
      const seq = Number(next() ?? 0);
      const live = {} as Record<SnapshotTable, Record<string, string>>;
      for (const t of LIVE_TABLES) live[t] = next() as Record<string, string>;
      const todayCounters: Record<string, string>[] = [];
      for (let b = 0; b < buckets; b++) todayCounters.push(next() as Record<string, string>);
      return buildSiteState(site, { seq, live, todayCounters, now });
    });
  }

  /** The console's history of resolved escalations. */
  async resolvedConflicts(siteIds: readonly string[]): Promise<ResolvedConflict[]> {
    const all = await Promise.all(
      siteIds.map(async (site) => Object.values(await this.redis.hgetall(this.keys.live(site, 'conflictsResolved'))).map((v) => ({ site, ...(JSON.parse(v) as Omit<ResolvedConflict, 'site'>) }))),
    );
    return all.flat();
  }

  async snapshot(siteIds?: readonly string[]): Promise<Snapshot> {
    const sites = await this.sitesState(siteIds);
    return { serverTime: this.clock(), sites, kpis: centreKpis(sites) };
  }
}
