/**
 * Does Redis keep its data across a restart? Without AOF or RDB snapshots a Redis restart loses
 * not just live state but users, display tokens, sessions and HMAC secrets: every wall and admin
 * is locked out. Obzor cannot fix that, but it must say so loudly (log, /readyz, duty view).
 */
import type { StorePersistence } from '../../shared/socket.js';
import type { ObzorRedis } from './redis-client.js';

/** CONFIG GET (may be renamed away on managed Redis), else INFO persistence (tells AOF only). */
export async function readPersistence(redis: ObzorRedis): Promise<StorePersistence> {
  try {
    const [aof, save] = await Promise.all([redis.config('GET', 'appendonly'), redis.config('GET', 'save')]);
    return modeOf(aof[1] === 'yes', typeof save[1] === 'string' && save[1].trim() !== '');
  } catch {
    try {
      const info = await redis.info('persistence');
      if (/^aof_enabled:1/m.test(info)) return 'aof';
    } catch {
      // fall through: we could not tell
    }
    return 'unknown';
  }
}

function modeOf(aof: boolean, rdb: boolean): StorePersistence {
  if (aof && rdb) return 'aof+rdb';
  if (aof) return 'aof';
  return rdb ? 'rdb' : 'none';
}

export const PERSISTENCE_WARNING =
  'Redis keeps nothing on disk (neither AOF nor RDB): a Redis restart loses users, display tokens, sessions, HMAC secrets and all state. Turn on AOF (appendonly yes, appendfsync everysec): docs/operations.md';
