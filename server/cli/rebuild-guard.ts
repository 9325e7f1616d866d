/**
 * Whether a server (or an import) is ingesting into this Redis, which `rebuild` must not run
 * under: it clears every site's derived keys, markers included, and replays the log, so an event
 * applied meanwhile would be lost from the state or counted twice. Two signs, read from Redis with
 * Redis's own clock (no skew between hosts):
 *
 * - the push lease `push:leader` (server/realtime/flush-lease.ts) is held: every running node
 *   takes or renews it on each push tick (OBZOR_PUSH_INTERVAL_MS) and it lapses within
 *   8 intervals (≥ 1 s) of a node's death; a clean stop releases it at once;
 * - a site's event log got an entry in the last RECENT_LOG_MS: an import:queue-log, or a node
 *   whose lease lapsed a moment ago (each log entry's id is the Redis time it was written at).
 */
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';

/** a log written this recently counts as being ingested into */
export const RECENT_LOG_MS = 10_000;

export interface IngestSigns {
  /** PTTL of the push lease: > 0 while a node holds it (-2: no lease) */
  leaseTtlMs: number;
  leaseKey: string;
  /** each site's newest log entry, epoch ms of Redis's clock; absent when the log is empty */
  lastLogged: readonly { site: string; atMs: number }[];
  /** Redis's clock now */
  nowMs: number;
}

/** What says a server or an import is ingesting, and what to do, or undefined. Pure. */
export function ingestingReason(s: IngestSigns, recentMs = RECENT_LOG_MS): { what: string; fix: string } | undefined {
  if (s.leaseTtlMs > 0 || s.leaseTtlMs === -1) {
    return { what: `a server is running on this Redis (it holds the push lease ${s.leaseKey})`, fix: 'stop every node first' };
  }
  const recent = s.lastLogged.filter((l) => s.nowMs - l.atMs < recentMs).sort((a, b) => b.atMs - a.atMs);
  if (recent.length) {
    const ago = Math.max(0, Math.round((s.nowMs - recent[0]!.atMs) / 1000));
    return { what: `the event log of ${recent.map((l) => l.site).join(', ')} was written ${ago} s ago: an import or a server is still ingesting`, fix: 'let it finish or stop it' };
  }
  return undefined;
}

/** Reads the signs from Redis. */
export async function readIngestSigns(redis: ObzorRedis, keys: Keys, sites: readonly string[]): Promise<IngestSigns> {
  const leaseKey = keys.push('leader');
  const [[seconds, micros], leaseTtlMs, ...newest] = await Promise.all([
    redis.time(),
    redis.pttl(leaseKey),
    ...sites.map((site) => redis.xrevrange(keys.log(site), '+', '-', 'COUNT', 1)),
  ] as const);
  const lastLogged = sites.flatMap((site, i) => {
    const id = newest[i]?.[0]?.[0];
    return id ? [{ site, atMs: Number(id.split('-')[0]) }] : [];
  });
  return { leaseTtlMs, leaseKey, lastLogged, nowMs: Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) };
}
