import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';

const APPLY_ENTITY = readFileSync(new URL('./lua/apply-entity.lua', import.meta.url), 'utf8');
const UPDATE_USER = readFileSync(new URL('./lua/update-user.lua', import.meta.url), 'utf8');

export interface ObzorRedis extends Redis {
  applyEntity(...args: (string | number)[]): Promise<'ok' | 'conflict'>;
  updateUser(userKey: string, role: string, sitesJson: string): Promise<0 | 1>;
}

/**
 * Fails fast while Redis is down (no offline queue): ingest must answer 503 at once rather
 * than hold a sender's request, and must never apply a request "later".
 */
export function createRedis(url: string, name = 'obzor'): ObzorRedis {
  const redis = new Redis(url, {
    connectionName: name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    lazyConnect: true,
  });
  redis.defineCommand('applyEntity', { lua: APPLY_ENTITY });
  redis.defineCommand('updateUser', { lua: UPDATE_USER, numberOfKeys: 1 });
  return redis as ObzorRedis;
}

/** Connects, resolving once ready; rejects after `timeoutMs` so start-up can say why it stopped. */
export async function connectRedis(redis: Redis, timeoutMs = 5000): Promise<void> {
  await Promise.race([
    redis.connect(),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`Redis not reachable within ${timeoutMs} ms`)), timeoutMs).unref()),
  ]);
}

/**
 * For Socket.IO's streams adapter: its read loop must wait for Redis to come back, not fail
 * fast — with fail-fast commands it would spin and starve the event loop during an outage.
 */
export function createPatientRedis(url: string, name: string): Redis {
  return new Redis(url, { connectionName: name, maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 200, 2000) });
}
