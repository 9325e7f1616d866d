/**
 * Child process of the webhook step: `connections` keep-alive connections, each posting one
 * event per request as fast as answers come back (closed loop), for `durationMs`. Every event
 * is new (a call's queued → offered → answered → ended, sent in order on one connection).
 */
import { serve } from './child.js';
import { Histogram, type LatencySummary } from './histogram.js';
import { keepAliveAgent, postJson } from './http-post.js';
import { agentOf, lifecycle, QUEUES } from './traffic.js';

export interface WebhookRun {
  url: string;
  headers: Record<string, string>;
  site: string;
  connections: number;
  durationMs: number;
  idPrefix: string;
}

export interface WebhookResult {
  requests: number;
  ms: number;
  requestsPerSec: number;
  latencyMs: LatencySummary;
  statuses: Record<string, number>;
  cpu: number;
}

async function run(o: WebhookRun): Promise<WebhookResult> {
  const agent = keepAliveAgent(o.connections);
  const url = new URL('/api/v1/events', o.url);
  const hist = new Histogram(0.05, 30_000);
  const statuses: Record<string, number> = {};
  let requests = 0;
  let calls = 0;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const until = started + o.durationMs;
  await Promise.all(
    Array.from({ length: o.connections }, async () => {
      while (performance.now() < until) {
        const n = calls++;
        const t = Date.now() - 60_000;
        const plan = { callId: `${o.idPrefix}c${n}`, queued: t, offered: t + 1000, answered: t + 2000, ended: t + 3000, queue: QUEUES[n % QUEUES.length]!, agentId: agentOf(n) };
        for (const e of lifecycle(plan, o.site, o.idPrefix)) {
          const sent = performance.now();
          const r = await postJson(agent, url, o.headers, JSON.stringify(e));
          hist.record(performance.now() - sent);
          requests++;
          const key = r.status === 200 ? ((JSON.parse(r.body) as { results: { status: string }[] }).results[0]?.status ?? '?') : `http ${r.status}`;
          statuses[key] = (statuses[key] ?? 0) + 1;
        }
      }
    }),
  );
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  return { requests, ms: Math.round(ms), requestsPerSec: Math.round((requests / ms) * 1000), latencyMs: hist.summary(), statuses, cpu: Math.round(((cpu.user + cpu.system) / 1000 / ms) * 100) / 100 };
}

serve({ run: (o: WebhookRun) => run(o) });
