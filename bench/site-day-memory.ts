/**
 * Step 4b — Redis memory per site-day of history. One simulated day of one site's traffic
 * (CallCentreSim at speed 1, the demo's "realistic centre": 14 operators, 3 queues) is folded
 * through EventStore.apply into a prefix of its own, then every key is measured with
 * MEMORY USAGE (SAMPLES 0 = exact) and grouped by what it is and how long it is kept.
 */
import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { loadConfig } from '../server/config.js';
import { CallCentreSim, seededRandom } from '../server/demo/call-centre-sim.js';
import { DEFAULT_SITES } from '../server/domain/sites.js';
import { DEFAULT_HORIZON_MS } from '../server/ingest/ingest-service.js';
import { validateEvent } from '../server/ingest/validate-event.js';
import { EventStore } from '../server/store/event-store.js';
import { Keys } from '../server/store/keys.js';
import { connectRedis, createRedis } from '../server/store/redis-client.js';
import type { ObzorEvent } from '../shared/events.js';
import { deleteKeys, REDIS_URL, SITE, type BenchEnv } from './bench-env.js';
import { chunk } from './traffic.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { LogArchiver } from '../server/archive/log-archiver.js';

export interface SiteDayMemory {
  events: number;
  calls: number;
  /** bytes per kind of key for the one day */
  bytes: { counters: number; rollups: number; log: number; entities: number; seen: number; live: number; other: number };
  counterKeys: number;
  /** INFO used_memory growth (the Redis is shared: indicative only) */
  usedMemoryDelta: number;
  /** what one site holds once every retention is full: counters × counter days + log (until MAXLEN) + entities/markers × dedupe days */
  steadyStateMB: { counters: number; log: number; entitiesAndSeen: number; total: number };
  retention: { counterDays: number; logMaxLen: number; logDays: number; dedupeDays: number; logKeepDays: number };
  /**
   * issue 18: what one site costs in Redis per year with the log's archive on — 365 days of counters
   * and roll-ups, the entities' steady state, OBZOR_LOG_KEEP_DAYS of log, the live tables — and what
   * its archive costs on disk
   */
  siteYear: { redisMB: number; parts: { counters: number; rollups: number; entitiesAndSeen: number; log: number; live: number }; archiveBytesPerEvent: number; archiveMBPerYear: number };
  /** issue 17: 5 years of daily roll-ups for 20 sites */
  rollups5y20SitesMB: number;
}

async function usedMemory(redis: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
}

export async function siteDayMemory(env: BenchEnv, log: (s: string) => void): Promise<SiteDayMemory> {
  const site = DEFAULT_SITES.find((s) => s.id === SITE)!;
  const dayStart = DateTime.now().setZone(site.timeZone).startOf('day').minus({ days: 1 }).toMillis();
  const sim = new CallCentreSim({ site: SITE, timeZone: site.timeZone, agents: 14, queues: ['hotline', 'billing', 'outages'], speed: 1, rnd: seededRandom(42) }, dayStart);
  const raw: ObzorEvent[] = sim.start(dayStart);
  for (let t = dayStart + 1000; t < dayStart + 86_400_000; t += 1000) raw.push(...sim.step(t, 1000));
  const now = Date.now();
  const events = raw
    .map((e) => {
      const v = validateEvent(e, { knownSites: new Set([SITE]), now, horizonMs: DEFAULT_HORIZON_MS, source: 'demo' });
      if (!v.ok) throw new Error(v.error);
      return v.event;
    })
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const calls = events.filter((e) => e.type === 'call.queued').length;
  log(`memory: one simulated site-day — ${events.length} events, ${calls} calls`);

  const sub = `${env.prefix}day:`;
  const config = loadConfig({});
  const redis = createRedis({ redisUrl: REDIS_URL }, 'obzor-bench');
  await connectRedis(redis);
  const plain = new Redis(REDIS_URL, { connectionName: 'obzor-bench' });
  try {
    const before = await usedMemory(plain);
    const store = new EventStore(redis, new Keys(sub), new Map([[SITE, site]]), config);
    for (const b of chunk(events, 1000)) await store.apply(b);
    const after = await usedMemory(plain);

    const bytes = { counters: 0, rollups: 0, log: 0, entities: 0, seen: 0, live: 0, other: 0 };
    let counterKeys = 0;
    let cursor = '0';
    do {
      const [next, keys] = await plain.scan(cursor, 'MATCH', `${sub}*`, 'COUNT', 1000);
      cursor = next;
      const sizes = await Promise.all(keys.map((k) => plain.call('MEMORY', 'USAGE', k, 'SAMPLES', '0') as Promise<number | null>));
      keys.forEach((k, i) => {
        const rest = k.slice(k.indexOf('}:') + 2);
        const kind = rest.startsWith('ctr:') ? 'counters' : rest.startsWith('day:') ? 'rollups' : rest === 'log' ? 'log' : rest.startsWith('ent:') ? 'entities' : rest.startsWith('seen:') ? 'seen' : rest.startsWith('live:') ? 'live' : 'other';
        if (kind === 'counters') counterKeys++;
        bytes[kind] += sizes[i] ?? 0;
      });
    } while (cursor !== '0');

    const counterDays = config.counterTtlSec / 86_400;
    const dedupeDays = config.dedupeTtlSec / 86_400;
    // the log has no TTL: OBZOR_LOG_KEEP_DAYS of it stay in Redis (the rest is archived), or without the archive it grows until OBZOR_LOG_MAXLEN entries
    const logDays = config.logKeepDays > 0 ? Math.min(config.logKeepDays, config.logMaxLen / events.length) : config.logMaxLen / events.length;
    const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;
    const steady = { counters: mb(bytes.counters * counterDays), log: mb(bytes.log * logDays), entitiesAndSeen: mb((bytes.entities + bytes.seen) * dedupeDays) };

    // the day's log to the archive (as it would go after OBZOR_LOG_KEEP_DAYS), its file measured
    const archiveDir = mkdtempSync(join(tmpdir(), 'obzor-bench-archive-'));
    let archiveBytes = 0;
    try {
      const archiver = new LogArchiver({ redis, keys: new Keys(sub), dir: archiveDir, keepDays: config.logKeepDays, sites: () => [SITE], clock: Date.now, log: pino({ level: 'silent' }) });
      for (const d of await archiver.run(Date.now() + (config.logKeepDays + 2) * 86_400_000)) archiveBytes += d.bytes;
    } finally {
      rmSync(archiveDir, { recursive: true, force: true });
    }
    const yearDays = Math.min(365, counterDays);
    const parts = {
      counters: mb(bytes.counters * yearDays),
      rollups: mb(bytes.rollups * 365),
      entitiesAndSeen: steady.entitiesAndSeen,
      log: mb(bytes.log * config.logKeepDays),
      live: mb(bytes.live),
    };
    return {
      events: events.length,
      calls,
      bytes,
      counterKeys,
      usedMemoryDelta: after - before,
      steadyStateMB: { ...steady, total: Math.round((steady.counters + steady.log + steady.entitiesAndSeen) * 10) / 10 },
      retention: { counterDays, logMaxLen: config.logMaxLen, logDays: Math.round(logDays), dedupeDays, logKeepDays: config.logKeepDays },
      siteYear: {
        redisMB: Math.round(Object.values(parts).reduce((a, b) => a + b, 0) * 10) / 10,
        parts,
        archiveBytesPerEvent: Math.round((archiveBytes / events.length) * 10) / 10,
        archiveMBPerYear: mb(archiveBytes * 365),
      },
      rollups5y20SitesMB: mb(bytes.rollups * 1826 * 20),
    };
  } finally {
    await deleteKeys(plain, sub);
    redis.disconnect();
    plain.disconnect();
  }
}
