/** express-session's store on our own ioredis connection (one Redis client for the whole app). */
import session from 'express-session';
import type { ObzorRedis } from '../store/redis-client.js';

export class RedisSessionStore extends session.Store {
  constructor(
    private readonly redis: ObzorRedis,
    private readonly keyOf: (sid: string) => string,
    private readonly ttlSec: number,
  ) {
    super();
  }

  override get(sid: string, cb: (err: unknown, s?: session.SessionData | null) => void): void {
    this.redis.get(this.keyOf(sid)).then((raw) => cb(null, raw ? (JSON.parse(raw) as session.SessionData) : null), cb);
  }

  override set(sid: string, s: session.SessionData, cb?: (err?: unknown) => void): void {
    this.redis.set(this.keyOf(sid), JSON.stringify(s), 'EX', this.ttlSec).then(() => cb?.(), (e: unknown) => cb?.(e));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.redis.del(this.keyOf(sid)).then(() => cb?.(), (e: unknown) => cb?.(e));
  }

  override touch(sid: string, _s: session.SessionData, cb?: (err?: unknown) => void): void {
    this.redis.expire(this.keyOf(sid), this.ttlSec).then(() => cb?.(), (e: unknown) => cb?.(e));
  }

  exists(sid: string): Promise<boolean> {
    return this.redis.exists(this.keyOf(sid)).then((n) => n === 1);
  }
}
