/**
 * `npm test` on a machine without Redis: when REDIS_URL is unset and nothing answers on
 * 127.0.0.1:6379, a private redis-server (the product's own, server/store/private-redis.ts) is
 * started for the run, keeping nothing on disk, and REDIS_URL is exported for the test workers and
 * the processes they start (tests/helpers/start-app.ts). A vitest globalSetup: the function it
 * returns stops that redis-server. `OBZOR_REDIS_PROBE_PORT` (tests only) looks at another port than 6379.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeRedis, RedisUnavailableError, startPrivateRedis } from '../../server/store/private-redis.js';
import { planRedis } from '../../server/store/redis-plan.js';

export async function ensureTestRedis(): Promise<() => Promise<void>> {
  const probePort = Number(process.env.OBZOR_REDIS_PROBE_PORT ?? 6379);
  const fromEnv = process.env.REDIS_URL !== undefined;
  const plan = planRedis({
    redisUrl: process.env.REDIS_URL ?? '',
    redisUrlFromEnv: fromEnv,
    probePort,
    ...(fromEnv ? {} : { probe: await probeRedis(probePort) }),
  });
  if (plan.kind === 'refuse') throw new Error(`tests need Redis: ${plan.message}`);
  if (plan.kind === 'use') {
    process.env.REDIS_URL = plan.url;
    return () => Promise.resolve();
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'obzor-test-redis-'));
  try {
    const redis = await startPrivateRedis({ dataDir, persistence: 'none', probePort });
    process.env.REDIS_URL = redis.url;
    console.log(`tests: no Redis on 127.0.0.1:${probePort}, started a private redis-server on port ${redis.port} (pid ${redis.pid})`);
    return async () => {
      await redis.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    if (e instanceof RedisUnavailableError) throw new Error(`tests need Redis: ${e.message}`, { cause: e });
    throw e;
  }
}

export default ensureTestRedis;
