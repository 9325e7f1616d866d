/**
 * Every counter bucket under a key prefix, summed through the counter table
 * (server/domain/day-totals.ts `sumCounters`): the figures the totals and the history read,
 * without a test naming Redis fields.
 */
import type { Cluster, Redis } from 'ioredis';
import { scanKeys } from '../../server/store/scan-keys.js';
import { sumCounters, type SplitTotals } from '../../server/domain/day-totals.js';

/** `site`: one site's buckets; default: every site's */
export async function counterTotals(redis: Redis | Cluster, prefix: string, site = '*'): Promise<SplitTotals> {
  const hashes: Record<string, string>[] = [];
  for await (const keys of scanKeys(redis, `${prefix}{${site}}:ctr:*`)) for (const k of keys) hashes.push(await redis.hgetall(k));
  return sumCounters(hashes);
}
