/**
 * Ending browser sessions on purpose: all of one user's (deleted, or role/sites changed) or one
 * (logout). The sessions go from Redis, so no node serves them again, and a notice on
 * `auth:sessions-ended` makes every node drop the sockets opened with them at once — the same
 * way revoking a display token drops a wall (keys.revokedChannel()).
 */
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';

export type SessionsEnded = { login: string } | { sessionId: string };

export function parseSessionsEnded(message: string): SessionsEnded | null {
  try {
    const m = JSON.parse(message) as { login?: unknown; sessionId?: unknown };
    if (typeof m.login === 'string') return { login: m.login };
    if (typeof m.sessionId === 'string') return { sessionId: m.sessionId };
  } catch {
    // not ours
  }
  return null;
}

export class SessionRevocation {
  constructor(
    private readonly redis: ObzorRedis,
    private readonly keys: Keys,
  ) {}

  /** Ends every session of a user and tells every node to drop its sockets; returns how many sessions were live. */
  async endUser(login: string): Promise<number> {
    const index = this.keys.userSessions(login);
    const sids = await this.redis.smembers(index);
    const m = this.redis.multi();
    if (sids.length) m.del(...sids.map((sid) => this.keys.session(sid)));
    m.del(index).publish(this.keys.sessionsEndedChannel(), JSON.stringify({ login } satisfies SessionsEnded));
    const replies = await m.exec();
    return sids.length ? Number(replies?.[0]?.[1] ?? 0) : 0;
  }

  /** After a session is destroyed (logout): its sockets go too, on every node. */
  async announceEnded(sessionId: string): Promise<void> {
    await this.redis.publish(this.keys.sessionsEndedChannel(), JSON.stringify({ sessionId } satisfies SessionsEnded));
  }
}
