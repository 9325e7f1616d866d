/**
 * The one owner of feed health: when each source last delivered, how far behind its own clock
 * (ingest lag), — for connection-based feeds (AMI) — whether it is connected, and what the feeds
 * report of themselves (server/store/feed-info.ts). Written by
 * ingest (every accepted batch) and by the feeds (connection state), read for the screens'
 * `health`. Kept in Redis, so every node reports every feed.
 */
import type { FeedStatus } from '../../shared/socket.js';
import type { ObzorEvent } from '../../shared/events.js';
import { atMs } from '../domain/event-order.js';
import { feedStatusOf } from '../store/feed-info.js';
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';

export class FeedHealth {
  /** the last statuses read, so a Redis blip does not blank the feeds on screens */
  private last: FeedStatus[] = [];

  constructor(
    private readonly redis: ObzorRedis,
    private readonly keys: Keys,
    /** a source silent this long is shown as such */
    private readonly silentMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Accepted events arrived now: each source is alive (whatever time its events say), and its lag is
   * how long after its newest event's own time the batch arrived (a PBX buffering, a follower catching up).
   * Returns the lag per source, for the metrics.
   */
  arrived(events: readonly ObzorEvent[]): [source: string, lagMs: number][] {
    const now = this.clock();
    const newest = new Map<string, number>();
    for (const e of events) {
      const s = e.source ?? 'unknown';
      newest.set(s, Math.max(newest.get(s) ?? -Infinity, atMs(e)));
    }
    const lag = [...newest].map(([s, at]) => [s, Math.max(0, now - at)] as [string, number]);
    if (lag.length === 0) return lag;
    this.redis
      .multi()
      .hset(this.keys.feeds(), ...lag.flatMap(([s]) => [s, now]))
      .hset(this.keys.feedsLag(), ...lag.flatMap(([s, ms]) => [s, ms]))
      .exec()
      .catch(() => undefined);
    return lag;
  }

  /** a connection-based feed went up or down */
  connected(source: string, up: boolean): Promise<void> {
    return this.redis
      .hset(this.keys.feedsConnected(), source, up ? '1' : '0')
      .then(() => undefined)
      .catch(() => undefined);
  }

  /** every known feed now; the last known list while Redis cannot be read */
  async read(): Promise<FeedStatus[]> {
    const now = this.clock();
    if (this.redis.status === 'ready') {
      const [last, connected, lag, info] = await Promise.all([
        this.redis.hgetall(this.keys.feeds()).catch(() => null),
        this.redis.hgetall(this.keys.feedsConnected()).catch(() => null),
        this.redis.hgetall(this.keys.feedsLag()).catch(() => null),
        this.redis.hgetall(this.keys.feedsInfo()).catch(() => null),
      ]);
      if (last && connected) {
        const names = new Set([...Object.keys(last), ...Object.keys(connected)]);
        this.last = [...names].sort().map((source) => ({
          source,
          lastEventAt: Number(last[source] ?? 0),
          silent: false,
          ...(source in connected ? { connected: connected[source] === '1' } : {}),
          ...(lag && source in lag ? { lagMs: Number(lag[source]) } : {}),
          // what the feed is (site, kind, whether it sees rings, mapping failures, its last gap)
          ...feedStatusOf(info?.[source]),
        }));
      }
    }
    return this.last.map((f) => ({ ...f, silent: now - f.lastEventAt > this.silentMs }));
  }
}
