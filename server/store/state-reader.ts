/** Reads what the dashboard shows out of Redis: one pipelined round trip per request. */
import type { ResolvedConflict } from '../../shared/conflicts.js';
import type { Snapshot, SiteState } from '../../shared/snapshot.js';
import { LIVE_TABLES, type SnapshotTable } from '../domain/derived.js';
import { bucketsOfLocalDay } from '../domain/local-day.js';
import { buildSiteState } from '../domain/site-state.js';
import { expiredFields, PRUNED_TABLES, removeFields, type Pruning } from './live-prune.js';
import { centreKpis } from '../domain/kpi/kpi-formulas.js';
import type { SiteConfig, SiteLookup } from '../domain/sites.js';
import type { Keys } from './keys.js';
import type { ObzorRedis } from './redis-client.js';
import { storeErrorOf, StoreUnavailableError } from './store-errors.js';
import type { ExpectedDay } from '../domain/forecast/expected-day.js';
import type { WeekdayBaseline } from './weekday-baseline.js';
import { slotPipeline } from './slot-pipeline.js';

/** What went wrong while building state, for the log and /metrics; the reader carries on without it. */
export interface StateProblems {
  /** one live entry (`<table>:<field>`) left out of a site's state */
  entrySkipped(site: string, key: string, error: unknown): void;
  /** a site whose state could not be built at all: it is left out of this read */
  siteFailed(site: string, error: unknown): void;
  /** after each read: how many entries of each site read were skipped (0 when clean) */
  siteRead?(site: string, skipped: number): void;
}

const IGNORE: StateProblems = { entrySkipped: () => undefined, siteFailed: () => undefined };

export interface SitesRead {
  states: SiteState[];
  /** asked for, but not built (see StateProblems.siteFailed) */
  failed: string[];
}

export class StateReader {
  constructor(
    private readonly redis: ObzorRedis,
    private readonly keys: Keys,
    private readonly sites: SiteLookup,
    private readonly clock: () => number = Date.now,
    private readonly problems: StateProblems = IGNORE,
    /** today's expected calls per site (read once a day, then kept); without it no forecast */
    private readonly baseline?: Pick<WeekdayBaseline, 'expectedDay'>,
  ) {}

  /**
   * Each site is built on its own, and within it each live entry: one entity whose state cannot
   * be computed never keeps the other entries, or the other sites, off the screens.
   */
  async sitesState(siteIds?: readonly string[]): Promise<SitesRead> {
    const all = this.sites.all();
    return this.read(siteIds ? all.filter((s) => siteIds.includes(s.id)) : all);
  }

  /** The site's state now as it would be with other settings (an admin's draft, before it is saved). */
  async siteStateWith(site: SiteConfig): Promise<SiteState | undefined> {
    return (await this.read([site])).states[0];
  }

  private async read(wanted: readonly SiteConfig[]): Promise<SitesRead> {
    const now = this.clock();
    const pipe = slotPipeline(this.redis);
    const plan = wanted.map((site) => {
      pipe.get(this.keys.seq(site.id));
      for (const t of LIVE_TABLES) pipe.hgetall(this.keys.live(site.id, t));
      const buckets = bucketsOfLocalDay(now, site.timeZone);
      for (const b of buckets) pipe.hgetall(this.keys.counters(site.id, b));
      return { site, buckets: buckets.length };
    });
    // the forecast is an addition: a site whose history cannot be read goes out without it
    const baseline = this.baseline;
    const expectedDays: Promise<(ExpectedDay | undefined)[]> = baseline ? Promise.all(wanted.map((site) => baseline.expectedDay(site, now).catch(() => undefined))) : Promise.resolve([]);
    const replies = await pipe.exec().catch((e: Error) => {
      throw new StoreUnavailableError(e.message);
    });
    if (!replies) throw new StoreUnavailableError('pipeline aborted');
    const expected: (ExpectedDay | undefined)[] = await expectedDays;
    let i = 0;
    const read: SitesRead = { states: [], failed: [] };
    const prune: Pruning[] = [];
    for (const [k, { site, buckets }] of plan.entries()) {
      const n = 1 + LIVE_TABLES.length + buckets;
      const mine = replies.slice(i, i + n);
      i += n;
      let skipped = 0;
      try {
        for (const [err] of mine) if (err) throw storeErrorOf(err);
        let j = 0;
        const seq = Number(mine[j++]![1] ?? 0);
        const live = {} as Record<SnapshotTable, Record<string, string>>;
        for (const t of LIVE_TABLES) live[t] = mine[j++]![1] as Record<string, string>;
        const todayCounters = mine.slice(j).map(([, v]) => v as Record<string, string>);
        for (const table of PRUNED_TABLES) prune.push({ site: site.id, table, fields: expiredFields(table, live[table], now) });
        read.states.push(
          buildSiteState(site, { seq, live, todayCounters, now, ...(expected[k] ? { expected: expected[k] } : {}) }, (key, error) => {
            skipped++;
            this.problems.entrySkipped(site.id, key, error);
          }),
        );
      } catch (e) {
        if (e instanceof StoreUnavailableError) throw e;
        read.failed.push(site.id);
        this.problems.siteFailed(site.id, e);
      }
      this.problems.siteRead?.(site.id, skipped);
    }
    // issue 16: lost calls past the kept week and callers' rows past 24 h leave their tables (live-prune.ts)
    await removeFields(this.redis, this.keys, prune);
    return read;
  }

  /** The console's history of resolved escalations. */
  async resolvedConflicts(siteIds: readonly string[]): Promise<ResolvedConflict[]> {
    const all = await Promise.all(
      siteIds.map(async (site) => Object.values(await this.redis.hgetall(this.keys.live(site, 'conflictsResolved'))).map((v) => ({ site, ...(JSON.parse(v) as Omit<ResolvedConflict, 'site'>) }))),
    );
    return all.flat();
  }

  async snapshot(siteIds?: readonly string[]): Promise<Snapshot> {
    const { states, failed } = await this.sitesState(siteIds);
    return { serverTime: this.clock(), sites: states, kpis: centreKpis(states), ...(failed.length ? { unavailableSites: failed } : {}) };
  }
}

