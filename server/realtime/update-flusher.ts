/**
 * Coalesced per-site updates: sites marked dirty (by any node, in Redis) are pushed by the node
 * holding the flush lease, at most one update per site every `intervalMs`, each with a sequence
 * number that grows by exactly one (kept in Redis, so restarts do not reset it) — a gap tells a
 * client to resync. A change after a quiet spell goes out at once (leading edge); under steady
 * traffic flushes start `intervalMs` apart, so an event waits at most one interval. Every site is
 * also pushed each `fullPushMs` without events: time moves KPIs, and screens watch for it.
 */
import type { Logger } from 'pino';
import type { SiteState } from '../../shared/snapshot.js';
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';
import type { StateReader } from '../store/state-reader.js';
import { FlushLease } from './flush-lease.js';

export interface UpdateFlusherDeps {
  redis: ObzorRedis;
  keys: Keys;
  reader: StateReader;
  siteIds: readonly string[];
  intervalMs: number;
  fullPushMs: number;
  log: Logger;
  /** sends one site's new state, numbered `seq`, to its screens on every node */
  broadcast(state: SiteState, seq: number, serverTime: number): void;
  onPushed?: (sites: number, ms: number) => void;
  clock?: () => number;
}

export class UpdateFlusher {
  /** sites whose "dirty" mark could not reach Redis yet */
  private readonly unsent = new Set<string>();
  private flushing = false;
  /** a change arrived during a flush: run again when the interval allows */
  private again = false;
  private scheduled: NodeJS.Timeout | undefined;
  private lastFlushStart = 0;
  private closed = false;
  private failing = false;
  private lastFullPush: number;
  private readonly lease: FlushLease;
  private readonly ticker: NodeJS.Timeout;
  private readonly clock: () => number;

  constructor(private readonly deps: UpdateFlusherDeps) {
    this.clock = deps.clock ?? Date.now;
    this.lastFullPush = this.clock();
    this.lease = new FlushLease(deps.redis, deps.keys.push('leader'), Math.max(1000, deps.intervalMs * 8));
    // picks up sites marked dirty by other nodes, and retries after failures
    this.ticker = setInterval(() => this.kick(), deps.intervalMs);
    this.ticker.unref();
  }

  /** Records that sites changed; whichever node holds the lease pushes them. */
  markDirty(sites: Iterable<string>): void {
    const list = [...sites, ...this.unsent];
    if (list.length === 0) return;
    this.unsent.clear();
    this.deps.redis.sadd(this.deps.keys.push('dirty'), ...list).then(
      () => this.kick(),
      () => {
        for (const s of list) this.unsent.add(s);
      },
    );
  }

  /** Flushes now if the last flush started an interval ago or more, else when it has. */
  private kick(): void {
    if (this.flushing) {
      this.again = true;
      return;
    }
    if (this.scheduled || this.closed) return;
    const wait = Math.max(0, this.lastFlushStart + this.deps.intervalMs - this.clock());
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      void this.flush();
    }, wait);
    this.scheduled.unref();
  }

  /** One coalesced update per dirty site, by the lease holder; skipped while the previous flush runs. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    this.again = false;
    const started = this.clock();
    this.lastFlushStart = started;
    let sites: string[] = [];
    try {
      if (this.unsent.size) this.markDirty([]);
      if (!(await this.lease.hold())) return;
      sites = (await this.deps.redis.spop(this.deps.keys.push('dirty'), 1000));
      // time moves KPIs without any event (ringing past 3 rings, overdue, open/closed): re-push all now and then
      if (started - this.lastFullPush >= this.deps.fullPushMs) {
        sites = [...new Set([...sites, ...this.deps.siteIds])];
        this.lastFullPush = started;
      }
      if (sites.length === 0) return;
      // state first: a site whose state cannot be built now keeps its sequence (no gap, no resync
      // storm); its screens see its updates stop and say so, while every other site goes out
      const { states } = await this.deps.reader.sitesState(sites);
      const seqs = await Promise.all(states.map(async (st) => [st.site, await this.deps.redis.incr(this.deps.keys.seq(st.site))] as const));
      const seqOf = new Map(seqs);
      const serverTime = this.clock();
      for (const state of states) this.deps.broadcast(state, seqOf.get(state.site)!, serverTime);
      this.deps.onPushed?.(states.length, this.clock() - started);
      this.failing = false;
    } catch (e) {
      // the sequence may have advanced without an update: clients see a gap and resync
      if (sites.length) for (const s of sites) this.unsent.add(s);
      if (!this.failing) this.deps.log.warn({ err: (e as Error).message }, 'push failing; retrying every tick');
      this.failing = true;
    } finally {
      this.flushing = false;
      if (this.again) this.kick();
    }
  }

  /** Stops flushing and hands the lease to another node at once. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.ticker);
    clearTimeout(this.scheduled);
    await this.lease.release().catch(() => undefined);
  }
}
