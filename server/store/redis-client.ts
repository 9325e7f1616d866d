import { readFileSync } from 'node:fs';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisTopology } from './redis-topology.js';

const APPLY_ENTITY = readFileSync(new URL('./lua/apply-entity.lua', import.meta.url), 'utf8');
const UPDATE_USER = readFileSync(new URL('./lua/update-user.lua', import.meta.url), 'utf8');
const BACKFILL_ROLLUP = readFileSync(new URL('./lua/backfill-rollup.lua', import.meta.url), 'utf8');

interface ScriptCommands {
  applyEntity(...args: (string | number)[]): Promise<'ok' | 'conflict'>;
  updateUser(userKey: string, role: string, sitesJson: string): Promise<0 | 1>;
  /** numkeys, the day's roll-up, its buckets, then the TTL and the roll-up-only prefixes (lua/backfill-rollup.lua) */
  backfillRollup(...args: (string | number)[]): Promise<[number, number] | [-1]>;
}

/** one Redis, a master found through Sentinel (both `Redis`), or a Cluster: every store takes any of them */
export type ObzorRedis = (Redis | Cluster) & ScriptCommands;

/** where to connect: REDIS_URL, or the Cluster / Sentinel set configured instead (server/config.ts) */
export interface RedisTarget {
  redisUrl: string;
  redisTopology?: RedisTopology | undefined;
}

export function isCluster(redis: Redis | Cluster): redis is Cluster {
  return redis instanceof Cluster;
}

/** One connection (or one cluster client) of the given behaviour to the target. */
function connect(target: RedisTarget, options: RedisOptions): Redis | Cluster {
  const t = target.redisTopology;
  if (!t) return new Redis(target.redisUrl, options);
  const auth = t.password ? { password: t.password } : {};
  if (t.kind === 'sentinel') return new Redis({ ...options, ...auth, sentinels: t.sentinels, name: t.master, ...(t.password ? { sentinelPassword: t.password } : {}) });
  const { enableOfflineQueue, lazyConnect, retryStrategy, ...perNode } = options;
  const cluster: ClusterOptions = {
    redisOptions: { ...perNode, ...auth },
    ...(enableOfflineQueue !== undefined ? { enableOfflineQueue } : {}),
    ...(lazyConnect !== undefined ? { lazyConnect } : {}),
    ...(retryStrategy ? { clusterRetryStrategy: retryStrategy } : {}),
    // a failover moves slots: follow MOVED/ASK and the new master for a while before giving up (the sender retries on 503)
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    slotsRefreshTimeout: 2000,
  };
  return new Cluster(t.nodes, cluster);
}

/**
 * Fails fast while Redis is down (no offline queue): ingest must answer 503 at once rather
 * than hold a sender's request, and must never apply a request "later".
 */
export function createRedis(target: RedisTarget, name = 'obzor'): ObzorRedis {
  const redis = connect(target, {
    connectionName: name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    lazyConnect: true,
  });
  redis.defineCommand('applyEntity', { lua: APPLY_ENTITY });
  redis.defineCommand('updateUser', { lua: UPDATE_USER, numberOfKeys: 1 });
  redis.defineCommand('backfillRollup', { lua: BACKFILL_ROLLUP });
  return redis as ObzorRedis;
}

/** Connects, resolving once ready; rejects after `timeoutMs` so start-up can say why it stopped. */
export async function connectRedis(redis: Redis | Cluster, timeoutMs = 5000): Promise<void> {
  await Promise.race([
    redis.connect(),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`Redis not reachable within ${timeoutMs} ms`)), timeoutMs).unref()),
  ]);
}

/**
 * For Socket.IO's streams adapter: its read loop must wait for Redis to come back, not fail
 * fast — with fail-fast commands it would spin and starve the event loop during an outage.
 */
export function createPatientRedis(target: RedisTarget, name: string): Redis | Cluster {
  return connect(target, { connectionName: name, maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 200, 2000) });
}

/** another connection of the same kind and options (pub/sub needs one of its own) */
export function duplicateOf(redis: Redis | Cluster): Redis | Cluster {
  return isCluster(redis) ? redis.duplicate() : redis.duplicate();
}
