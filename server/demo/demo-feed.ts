/**
 * Runs the demo model in real time and posts its events to our own ingest API, exactly
 * like an outside sender: demo traffic never takes a side door into Redis.
 */
import type { Logger } from 'pino';
import type { ObzorEvent } from '../../shared/events.js';
import type { SiteConfig } from '../domain/sites.js';
import { CallCentreSim, seededRandom } from './call-centre-sim.js';

export interface DemoFeedOptions {
  ingestUrl: string;
  sites: readonly SiteConfig[];
  speed: number;
  log: Logger;
  headers?: Record<string, string>;
  stepMs?: number;
}

export function startDemoFeed(o: DemoFeedOptions): { stop(): void } {
  const stepMs = o.stepMs ?? 1000;
  const now = Date.now();
  const sims = o.sites.map(
    (s, i) =>
      new CallCentreSim(
        { site: s.id, timeZone: s.timeZone, agents: 10 + 4 * ((i + 1) % 3), queues: ['hotline', 'billing', 'outages'], speed: o.speed, rnd: seededRandom(now + i) },
        now,
      ),
  );
  let backlog: ObzorEvent[] = sims.flatMap((s) => s.start(now));
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    const t = Date.now();
    backlog.push(...sims.flatMap((s) => s.step(t, stepMs)));
    // events stamped slightly ahead (e.g. "connected" 2 s after answer) wait for their time
    const due = backlog.filter((e) => Date.parse(e.at) <= t);
    backlog = backlog.filter((e) => Date.parse(e.at) > t);
    try {
      for (let i = 0; i < due.length; i += 1000) {
        const res = await fetch(o.ingestUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...o.headers },
          body: JSON.stringify(due.slice(i, i + 1000)),
        });
        if (res.status === 503) throw new Error('store unavailable');
        if (!res.ok) o.log.warn({ status: res.status }, 'demo feed: ingest refused a batch');
      }
    } catch (e) {
      // keep them for the next tick: the ingest is idempotent, re-sending is safe
      backlog.unshift(...due);
      o.log.debug({ err: (e as Error).message }, 'demo feed: will retry');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), stepMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
