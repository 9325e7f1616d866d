/**
 * express-session's store on our own ioredis connection (one Redis client for the whole app).
 * A session with a user is also listed under that user (keys.userSessions), so deleting or
 * changing the user can end all its sessions (session-revocation.ts); destroying a session
 * (logout) announces it, so its sockets are dropped on every node.
 */
import session from 'express-session';
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';
import { SessionRevocation } from './session-revocation.js';

export class RedisSessionStore extends session.Store {
  private readonly revocation: SessionRevocation;

  constructor(
    private readonly redis: ObzorRedis,
    private readonly keys: Keys,
    private readonly ttlSec: number,
  ) {
    super();
    this.revocation = new SessionRevocation(redis, keys);
  }

  override get(sid: string, cb: (err: unknown, s?: session.SessionData | null) => void): void {
    this.redis.get(this.keys.session(sid)).then((raw) => cb(null, raw ? (JSON.parse(raw) as session.SessionData) : null), cb);
  }

  override set(sid: string, s: session.SessionData, cb?: (err?: unknown) => void): void {
    const m = this.redis.multi().set(this.keys.session(sid), JSON.stringify(s), 'EX', this.ttlSec);
    // every set and touch pushes the index's expiry to now + TTL: it outlives each of its sessions
    if (s.user) m.sadd(this.keys.userSessions(s.user.login), sid).expire(this.keys.userSessions(s.user.login), this.ttlSec);
    m.exec().then(() => cb?.(), (e: unknown) => cb?.(e));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    const key = this.keys.session(sid);
    this.redis
      .get(key)
      .then(async (raw) => {
        const login = raw ? (JSON.parse(raw) as session.SessionData).user?.login : undefined;
        const m = this.redis.multi().del(key);
        if (login) m.srem(this.keys.userSessions(login), sid);
        await m.exec();
        if (login) await this.revocation.announceEnded(sid);
      })
      .then(() => cb?.(), (e: unknown) => cb?.(e));
  }

  override touch(sid: string, s: session.SessionData, cb?: (err?: unknown) => void): void {
    const m = this.redis.multi().expire(this.keys.session(sid), this.ttlSec);
    if (s.user) m.expire(this.keys.userSessions(s.user.login), this.ttlSec);
    m.exec().then(() => cb?.(), (e: unknown) => cb?.(e));
  }

  exists(sid: string): Promise<boolean> {
    return this.redis.exists(this.keys.session(sid)).then((n) => n === 1);
  }
}
