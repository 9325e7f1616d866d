/**
 * Step 2 — single-event webhooks: one event per `POST /api/v1/events`, many keep-alive
 * connections in a separate process (bench/webhook-sender.ts), against the server process.
 */
import { authHeaders, deleteKeys, REDIS_URL, serverEnv, SITE, type BenchEnv } from './bench-env.js';
import { forkTs } from './child.js';
import { cpuShare, startServer } from './server-handle.js';
import type { WebhookResult, WebhookRun } from './webhook-sender.js';
import { Redis } from 'ioredis';

export interface WebhooksResult extends WebhookResult {
  connections: number;
  serverCpu: number;
  senderCpu: number;
}

export async function webhooks(env: BenchEnv, opts: { connections: number; durationMs: number; log: (s: string) => void }): Promise<WebhooksResult> {
  const server = await startServer(serverEnv(env, 'hook:'));
  const sender = forkTs('bench/webhook-sender.ts');
  try {
    const base = { url: server.url, headers: authHeaders(env), site: SITE, connections: opts.connections };
    opts.log(`webhooks: warm-up, then ${opts.durationMs / 1000} s with ${opts.connections} connections`);
    await sender.call<WebhookResult>('run', { ...base, durationMs: 2000, idPrefix: 'hw-' } satisfies WebhookRun);
    const before = await server.stats();
    const r = await sender.call<WebhookResult>('run', { ...base, durationMs: opts.durationMs, idPrefix: 'hk-' } satisfies WebhookRun);
    const serverCpu = cpuShare(before, await server.stats());
    return { ...r, connections: opts.connections, serverCpu: Math.round(serverCpu * 100) / 100, senderCpu: r.cpu };
  } finally {
    sender.kill();
    await server.stop();
    const redis = new Redis(REDIS_URL);
    await deleteKeys(redis, `${env.prefix}hook:`);
    redis.disconnect();
  }
}
