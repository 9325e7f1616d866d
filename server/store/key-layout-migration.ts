/**
 * Issue 18: keys that are not a site's moved under the hash tag `{_}` (keys.ts GLOBAL_TAG), so that
 * Redis Cluster keeps each MULTI over them in one slot. A Redis written by an earlier Obzor has them
 * at `<prefix>auth:…`, `<prefix>sess:…`…: they are renamed once at start-up (RENAMENX, so two nodes
 * starting together, or a key already written under the new name, are harmless) and a marker says so.
 * A Cluster is always new to Obzor (the old layout could not run on one): nothing to rename there.
 */
import type { Cluster, Redis } from 'ioredis';
import { escapeGlob, type Keys } from './keys.js';
import { isCluster } from './redis-client.js';
import { scanKeys } from './scan-keys.js';

/** the first words of every global key of the layout before */
const OLD_ROOTS = ['auth:', 'sess:', 'rl:', 'feeds', 'push:', 'admin:', 'sockets:'] as const;

export async function migrateKeyLayout(redis: Redis | Cluster, keys: Keys): Promise<number> {
  const marker = `${keys.global}layout`;
  if (isCluster(redis) || (await redis.exists(marker))) return 0;
  let moved = 0;
  for (const root of OLD_ROOTS) {
    for await (const batch of scanKeys(redis, `${escapeGlob(keys.prefix)}${root}*`)) {
      for (const old of batch) {
        const renamed = await redis.renamenx(old, `${keys.global}${old.slice(keys.prefix.length)}`).catch(() => 0);
        moved += renamed;
      }
    }
  }
  await redis.set(marker, '2');
  return moved;
}
