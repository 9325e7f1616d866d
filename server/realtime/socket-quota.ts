/**
 * Sockets per principal — one display token or one session — counted across nodes: each
 * principal has a sorted set in Redis of its live socket ids, scored by when the entry expires.
 * A node refreshes its own sockets' entries (more often than `ttlMs`), so the sockets of a node
 * that died stop counting after `ttlMs`. While Redis cannot be reached, this node's own count
 * still applies.
 */
import { createHash } from 'node:crypto';
import type { SocketData } from '../../shared/socket.js';
import { displayPrincipal, type Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';

/** whose socket it is, for counting; undefined when the socket has neither token nor session */
export function principalOf(data: Partial<SocketData>): string | undefined {
  if (data.displayId) return displayPrincipal(data.displayId);
  if (data.sessionId) return `session:${createHash('sha256').update(data.sessionId).digest('hex').slice(0, 32)}`;
  return undefined;
}

export class SocketQuota {
  /** this node's admitted sockets: socket id → principal, and principal → how many */
  private readonly here = new Map<string, string>();
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly redis: ObzorRedis,
    private readonly keys: Keys,
    readonly limit: number,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Takes a place for the socket; false when its principal holds `limit` sockets already. */
  async admit(principal: string, socketId: string): Promise<boolean> {
    if ((this.counts.get(principal) ?? 0) >= this.limit) return false;
    const key = this.keys.sockets(principal);
    let admitted = true;
    try {
      const now = this.clock();
      // atomic: drop expired entries, add this one, count (this one included)
      const replies = await this.redis.multi().zremrangebyscore(key, '-inf', now).zadd(key, now + this.ttlMs, socketId).zcard(key).pexpire(key, this.ttlMs).exec();
      const count = Number(replies?.[2]?.[1] ?? 0);
      if (count > this.limit) {
        admitted = false;
        await this.redis.zrem(key, socketId);
      }
    } catch {
      // Redis away: the local count above is what can be enforced
    }
    if (admitted) {
      this.here.set(socketId, principal);
      this.counts.set(principal, (this.counts.get(principal) ?? 0) + 1);
    }
    return admitted;
  }

  release(socketId: string): void {
    const principal = this.here.get(socketId);
    if (!principal) return;
    this.here.delete(socketId);
    const left = (this.counts.get(principal) ?? 1) - 1;
    if (left > 0) this.counts.set(principal, left);
    else this.counts.delete(principal);
    this.redis.zrem(this.keys.sockets(principal), socketId).catch(() => undefined);
  }

  /** Forgets admitted sockets that never connected or left unnoticed (`live`: this node's socket ids). */
  retain(live: ReadonlySet<string>): void {
    for (const socketId of [...this.here.keys()]) if (!live.has(socketId)) this.release(socketId);
  }

  /** Keeps this node's entries from expiring; call it well within `ttlMs`. */
  async refresh(): Promise<void> {
    if (this.here.size === 0) return;
    const until = this.clock() + this.ttlMs;
    const m = this.redis.multi();
    for (const [socketId, principal] of this.here) m.zadd(this.keys.sockets(principal), until, socketId);
    for (const principal of this.counts.keys()) m.pexpire(this.keys.sockets(principal), this.ttlMs);
    await m.exec();
  }
}
