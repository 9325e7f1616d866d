/**
 * One node at a time pushes updates (so N nodes neither multiply updates nor interleave
 * sequence numbers): it holds a lease in Redis, renewed on every tick; if it dies the lease
 * lapses and another node takes over within `leaseMs`.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ObzorRedis } from '../store/redis-client.js';

const RENEW = readFileSync(new URL('./lua/lease-renew.lua', import.meta.url), 'utf8');
const RELEASE = readFileSync(new URL('./lua/lease-release.lua', import.meta.url), 'utf8');

export class FlushLease {
  readonly nodeId = randomUUID();

  constructor(
    private readonly redis: ObzorRedis,
    private readonly key: string,
    private readonly leaseMs: number,
  ) {}

  /** true if this node holds the lease after the call */
  async hold(): Promise<boolean> {
    const renewed = (await this.redis.eval(RENEW, 1, this.key, this.nodeId, this.leaseMs)) as number;
    if (renewed === 1) return true;
    return (await this.redis.set(this.key, this.nodeId, 'PX', this.leaseMs, 'NX')) === 'OK';
  }

  async release(): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, this.nodeId);
  }
}
