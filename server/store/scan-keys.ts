/**
 * Every key matching a SCAN pattern, on one Redis or on every master of a Cluster (SCAN sees one
 * node's keys only: a cluster client would ask a random node).
 */
import type { Cluster, Redis } from 'ioredis';
import { isCluster } from './redis-client.js';

export async function* scanKeys(redis: Redis | Cluster, pattern: string, count = 1000): AsyncGenerator<string[]> {
  const nodes = isCluster(redis) ? redis.nodes('master') : [redis];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', count);
      cursor = next;
      if (batch.length) yield batch;
    } while (cursor !== '0');
  }
}

/** UNLINK keys of any slots: one command per key on a Cluster (a multi-key UNLINK must stay in one slot) */
export async function unlinkKeys(redis: Redis | Cluster, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  if (!isCluster(redis)) {
    await redis.unlink(...keys);
    return;
  }
  await Promise.all(keys.map((k) => redis.unlink(k)));
}
