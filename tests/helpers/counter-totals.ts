/**
 * Every counter bucket under a key prefix, summed through the counter table
 * (server/domain/day-totals.ts `sumCounters`): the figures the totals and the history read,
 * without a test naming Redis fields.
 */
import type { Redis } from 'ioredis';
import { sumCounters, type SplitTotals } from '../../server/domain/day-totals.js';

/** `site`: one site's buckets; default: every site's */
export async function counterTotals(redis: Redis, prefix: string, site = '*'): Promise<SplitTotals> {
  const hashes: Record<string, string>[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}{${site}}:ctr:*`, 'COUNT', 1000);
    cursor = next;
    for (const k of keys) hashes.push(await redis.hgetall(k));
  } while (cursor !== '0');
  return sumCounters(hashes);
}
