/**
 * Issue 16: lost calls nobody called back within the kept week (shared/lost-calls.ts) leave
 * their live table, so it holds at most a week of lost calls. The state build already leaves
 * them out; the state reader removes them as it reads, and a rebuild once it has replayed.
 */
import { lostCallExpired } from '../domain/lost-call-due.js';
import type { Keys } from './keys.js';
import type { ObzorRedis } from './redis-client.js';

/** the fields of a lost-call table past the kept week (an unreadable entry is left for the state build to report) */
export function expiredLostCalls(h: Record<string, string>, now: number): string[] {
  const out: string[] = [];
  for (const field in h) {
    try {
      const e = JSON.parse(h[field]!) as { abandonedAt?: unknown };
      if (typeof e.abandonedAt === 'number' && lostCallExpired({ abandonedAt: e.abandonedAt }, now)) out.push(field);
    } catch {
      // reported as skipped by buildSiteState
    }
  }
  return out;
}

/** Removes those fields; best effort: a failure is retried by the next read. */
export async function removeLostCalls(redis: ObzorRedis, keys: Keys, list: readonly { site: string; fields: string[] }[]): Promise<void> {
  if (!list.length) return;
  const pipe = redis.pipeline();
  for (const { site, fields } of list) if (fields.length) pipe.hdel(keys.live(site, 'lostCalls'), ...fields);
  await pipe.exec().catch(() => undefined);
}

export async function pruneLostCalls(redis: ObzorRedis, keys: Keys, site: string, now: number): Promise<void> {
  const h = await redis.hgetall(keys.live(site, 'lostCalls'));
  await removeLostCalls(redis, keys, [{ site, fields: expiredLostCalls(h, now) }]);
}
