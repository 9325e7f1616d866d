import type { PositionStore, QueueLogPosition } from '../adapters/asterisk/queue-log-position.js';
import { QueueLogPosition as PositionSchema } from '../adapters/asterisk/queue-log-position.js';
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';

/** A queue_log follower's place, in Redis: any node that takes the feed over resumes there. */
export class RedisPositionStore implements PositionStore {
  constructor(
    private readonly redis: ObzorRedis,
    private readonly key: string,
  ) {}

  static forFeed(redis: ObzorRedis, keys: Keys, feed: string): RedisPositionStore {
    return new RedisPositionStore(redis, keys.feedPosition(feed));
  }

  async load(): Promise<QueueLogPosition | null> {
    const raw = await this.redis.get(this.key);
    return raw ? PositionSchema.parse(JSON.parse(raw)) : null;
  }

  async save(pos: QueueLogPosition): Promise<void> {
    await this.redis.set(this.key, JSON.stringify(pos));
  }
}
