/**
 * Paced live traffic for the fan-out step: `eventsPerSec` as call lifecycles that start now,
 * posted every `tickMs` to the ingest API. Most calls are answered 100 ms after they queue
 * (so the wall shows a realistic handful of waiting calls); `probesPerSec` of them are probes
 * that wait 1 s (several push intervals: every update in that second shows them) and whose
 * callId carries the ms they were sent: `<tag><sendMs>-<n>`.
 */
import type { ObzorEvent } from '../shared/events.js';
import { keepAliveAgent, postJson } from './http-post.js';
import { agentOf, lifecycle, QUEUES } from './traffic.js';

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  site: string;
  /** callIds start with it; the clients look for it */
  tag: string;
  eventsPerSec: number;
  durationMs: number;
  probesPerSec?: number;
  tickMs?: number;
  maxInFlight?: number;
}

export interface LoadResult {
  calls: number;
  probes: number;
  events: number;
  requests: number;
  failed: number;
  /** events of the calls started in the step ÷ the step's duration (each call's last events go out up to 1.5 s later) */
  eventsPerSec: number;
  /** most events waiting for a free connection at once (the server not keeping up) */
  maxBacklog: number;
  /** how much later than planned the last event was acknowledged (≈ 0 when ingest keeps up) */
  lagMs: number;
}

export function generateLoad(o: LoadOptions): Promise<LoadResult> {
  const tickMs = o.tickMs ?? 50;
  const maxInFlight = o.maxInFlight ?? 16;
  const agent = keepAliveAgent(maxInFlight);
  const url = new URL('/api/v1/events', o.url);
  let later: { due: number; e: ObzorEvent }[] = [];
  let pending: ObzorEvent[] = [];
  let calls = 0;
  let probes = 0;
  let events = 0;
  let requests = 0;
  let failed = 0;
  let inFlight = 0;
  let maxBacklog = 0;
  const start = Date.now();
  const callsPerMs = o.eventsPerSec / 4 / 1000;
  const probesPerMs = Math.min(o.probesPerSec ?? 20, o.eventsPerSec / 4) / 1000;

  const send = (batch: ObzorEvent[]) => {
    inFlight++;
    requests++;
    postJson(agent, url, o.headers, JSON.stringify(batch))
      .then((r) => {
        if (r.status !== 200) failed += batch.length;
      })
      .catch(() => (failed += batch.length))
      .finally(() => inFlight--);
  };

  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const now = Date.now();
      const elapsed = now - start;
      const starting = elapsed < o.durationMs;
      if (starting) {
        const target = Math.floor(elapsed * callsPerMs);
        while (calls < target) {
          const n = calls++;
          const probe = probes < Math.floor(elapsed * probesPerMs);
          if (probe) probes++;
          const [offered, answered] = probe ? [500, 1000] : [50, 100];
          const callId = probe ? `${o.tag}${now}-${n}` : `${o.tag.slice(0, -1)}x-${n}`;
          const plan = { callId, queued: now, offered: now + offered, answered: now + answered, ended: now + 1500, queue: QUEUES[n % QUEUES.length]!, agentId: agentOf(n) };
          const [q, ...rest] = lifecycle(plan, o.site, 'f-');
          pending.push(q!);
          for (const e of rest) later.push({ due: Date.parse(e.at), e });
        }
      }
      if (later.length) {
        const keep: typeof later = [];
        for (const l of later) {
          if (l.due <= now) pending.push(l.e);
          else keep.push(l);
        }
        later = keep;
      }
      maxBacklog = Math.max(maxBacklog, pending.length);
      while (pending.length && inFlight < maxInFlight) {
        const batch = pending.slice(0, 1000);
        pending = pending.slice(1000);
        events += batch.length;
        send(batch);
      }
      if (!starting && pending.length === 0 && inFlight === 0 && later.length === 0) {
        clearInterval(timer);
        agent.destroy();
        resolve({ calls, probes, events, requests, failed, eventsPerSec: Math.round((events / o.durationMs) * 1000), maxBacklog, lagMs: Math.max(0, now - start - o.durationMs - 1500 - tickMs) });
      }
    }, tickMs);
  });
}
