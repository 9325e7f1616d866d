/**
 * Issue 16: the two live tables that time, not events, empties — lost calls nobody called back
 * within the kept week (shared/lost-calls.ts) and the callers' rows older than 24 hours
 * (server/domain/repeat-callers.ts) — lose those fields, so each holds at most its window. The
 * state build already leaves them out; the state reader removes them as it reads, and a rebuild
 * once it has replayed.
 */
import { lostCallExpired } from '../domain/lost-call-due.js';
import { callerRowExpired } from '../domain/repeat-callers.js';
import type { Keys } from './keys.js';
import type { ObzorRedis } from './redis-client.js';
import { slotPipeline } from './slot-pipeline.js';

export type PrunedTable = 'lostCalls' | 'callers';
export const PRUNED_TABLES: readonly PrunedTable[] = ['lostCalls', 'callers'];

const TIME_OF: Readonly<Record<PrunedTable, string>> = { lostCalls: 'abandonedAt', callers: 'at' };
const EXPIRED: Readonly<Record<PrunedTable, (at: number, now: number) => boolean>> = {
  lostCalls: (at, now) => lostCallExpired({ abandonedAt: at }, now),
  callers: (at, now) => callerRowExpired({ at }, now),
};

/** the fields of such a table past its window (an unreadable entry is left for the state build to report) */
export function expiredFields(table: PrunedTable, h: Record<string, string>, now: number): string[] {
  const out: string[] = [];
  for (const field in h) {
    try {
      const at = (JSON.parse(h[field]!) as Record<string, unknown>)[TIME_OF[table]];
      if (typeof at === 'number' && EXPIRED[table](at, now)) out.push(field);
    } catch {
      // reported as skipped by buildSiteState
    }
  }
  return out;
}

export interface Pruning {
  site: string;
  table: PrunedTable;
  fields: string[];
}

/** Removes those fields; best effort: a failure is retried by the next read. */
export async function removeFields(redis: ObzorRedis, keys: Keys, list: readonly Pruning[]): Promise<void> {
  const todo = list.filter((p) => p.fields.length);
  if (!todo.length) return;
  const pipe = slotPipeline(redis);
  for (const { site, table, fields } of todo) pipe.hdel(keys.live(site, table), ...fields);
  await pipe.exec().catch(() => undefined);
}

export async function pruneSite(redis: ObzorRedis, keys: Keys, site: string, now: number): Promise<void> {
  const list: Pruning[] = [];
  for (const table of PRUNED_TABLES) list.push({ site, table, fields: expiredFields(table, await redis.hgetall(keys.live(site, table)), now) });
  await removeFields(redis, keys, list);
}
