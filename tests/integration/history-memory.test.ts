/**
 * Measures the Redis memory of the 15-min counters (the history) per site-year: a week of the
 * demo model's traffic for one site, folded by the real store, then MEMORY USAGE of every
 * counter hash, scaled to 365 days. Slow (about a minute), so it runs only when asked:
 *
 *   OBZOR_MEASURE_MEMORY=1 OBZOR_SKIP_CLIENT_BUILD=1 npx vitest run tests/integration/history-memory.test.ts
 *
 * OBZOR_MEASURE_DAYS (default 7) and OBZOR_MEASURE_SPEED (arrival-rate multiplier, default 1) vary it.
 * The figure is written to docs/kpis.md by hand.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ObzorEvent } from '../../shared/events.js';
import { CallCentreSim, seededRandom } from '../../server/demo/call-centre-sim.js';
import { SiteConfig } from '../../server/domain/sites.js';
import { EventStore } from '../../server/store/event-store.js';
import { Keys } from '../../server/store/keys.js';
import { connectRedis, createRedis } from '../../server/store/redis-client.js';
import { deletePrefix, REDIS_URL } from '../helpers/start-app.js';

const DAYS = Number(process.env.OBZOR_MEASURE_DAYS ?? 7);
const prefix = `obzor-test:memory-${process.pid}:`;
afterAll(async () => {
  await deletePrefix(prefix);
});

describe.skipIf(process.env.OBZOR_MEASURE_MEMORY !== '1')('history memory', () => {
  it(`per site-year, from ${DAYS} days of demo traffic`, { timeout: 30 * 60_000 }, async () => {
    const redis = createRedis({ redisUrl: REDIS_URL });
    await connectRedis(redis);
    const site = SiteConfig.parse({ id: 'yuzhno-sakhalinsk', name: { ru: 'Южно-Сахалинск', en: 'Yuzhno-Sakhalinsk' }, hotlineHours: '24/7' });
    const keys = new Keys(prefix);
    const store = new EventStore(redis, keys, new Map([[site.id, site]]), { dedupeTtlSec: 86_400, counterTtlSec: 400 * 86_400, openEntityTtlSec: 86_400, logMaxLen: 0 });
    const start = Date.parse('2026-10-05T00:00:00+11:00');
    // the demo's biggest site: 14 operators, three queues
    const sim = new CallCentreSim({ site: site.id, timeZone: site.timeZone, agents: 14, queues: ['hotline', 'billing', 'outages'], speed: Number(process.env.OBZOR_MEASURE_SPEED ?? 1), rnd: seededRandom(42) }, start);
    let pending: ObzorEvent[] = sim.start(start);
    let events = 0;
    let calls = 0;
    const flush = async () => {
      for (let i = 0; i < pending.length; i += 1000) await store.apply(pending.slice(i, i + 1000));
      events += pending.length;
      calls += pending.filter((e) => e.type === 'call.queued').length;
      pending = [];
    };
    for (let t = start; t < start + DAYS * 86_400_000; t += 1000) {
      pending.push(...sim.step(t, 1000));
      if (pending.length >= 5000) await flush();
    }
    await flush();

    let cursor = '0';
    const ctrKeys: string[] = [];
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${keys.site(site.id).replace(/[{}]/g, (c) => `\\${c}`)}ctr:*`, 'COUNT', 1000);
      cursor = next;
      ctrKeys.push(...batch);
    } while (cursor !== '0');
    let bytes = 0;
    let fields = 0;
    let hashtable = 0;
    for (const k of ctrKeys) {
      bytes += Number(await redis.memory('USAGE', k, 'SAMPLES', 0));
      fields += await redis.hlen(k);
      if ((await redis.object('ENCODING', k)) === 'hashtable') hashtable++;
    }
    const perYear = (bytes / DAYS) * 365;
    const report = {
      days: DAYS,
      events,
      callsPerDay: Math.round(calls / DAYS),
      counterHashes: ctrKeys.length,
      fieldsPerHash: Math.round(fields / ctrKeys.length),
      hashtableEncoded: hashtable,
      bytesPerHash: Math.round(bytes / ctrKeys.length),
      bytesPerDay: Math.round(bytes / DAYS),
      bytesPerSiteYear: Math.round(perYear),
      mibPerSiteYear: +(perYear / 2 ** 20).toFixed(1),
    };
    console.log('history memory', JSON.stringify(report));
    expect(ctrKeys.length).toBeLessThanOrEqual(DAYS * 96 + 1);
    redis.disconnect();
  });
});
