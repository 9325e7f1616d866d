/**
 * Runs the demo model in real time and posts its events to our own ingest API, exactly
 * like an outside sender: demo traffic never takes a side door into Redis.
 *
 * At start it closes what an earlier run left open (demo-leftovers.ts), then fills the day so
 * far — from the start of the local day, or from when the earlier run was last heard from —
 * with events stamped in the past, through the same ingest (exactly-once and counters hold),
 * and runs on from there on the demo's busy-morning clock (traffic-profile.ts). At stop it
 * closes its calls in progress and logs its operators out.
 */
import type { Logger } from 'pino';
import type { ObzorEvent } from '../../shared/events.js';
import { localDayStart } from '../domain/local-day.js';
import type { SiteConfig } from '../domain/sites.js';
import { CallCentreSim, seededRandom } from './call-centre-sim.js';
import { backfillFrom, closeLeftovers, type SiteLeftovers } from './demo-leftovers.js';
import { demoCallsPerHour, rushAfterRestart } from './traffic-profile.js';

/** what the demo remembers across restarts, and what it reads of the state it left (start-demo.ts: Redis) */
export interface DemoMemory {
  /** when the ingest last accepted an event of the demo */
  lastHeard(): Promise<number | undefined>;
  leftovers(site: string): Promise<SiteLeftovers>;
  /** the calls in progress, replacing the previous list (closed at the next start if the process dies) */
  saveJournal(calls: readonly { site: string; callId: string; answered: boolean }[]): Promise<void>;
}

export interface DemoFeedOptions {
  ingestUrl: string;
  sites: readonly SiteConfig[];
  speed: number;
  log: Logger;
  headers?: Record<string, string>;
  stepMs?: number;
  memory?: DemoMemory;
  /** the real clock (events are stamped with it); injectable for tests */
  clock?: () => number;
  /** random seed of the model; default: the start time */
  seed?: number;
  /** fill at most this much of the day so far (default: all of it) */
  backfillMaxMs?: number;
}

export interface DemoFeed {
  /** how many events of the day so far the start made (for the log) */
  backfilled: number;
  /** closing events posted for an earlier run's leftovers */
  closed: number;
  /** events not yet accepted by the ingest */
  pending(): number;
  /** closes its calls in progress, logs its operators out, then stops */
  stop(): Promise<void>;
  /** stops without closing anything, as a killed process would (tests of the next start) */
  halt(): Promise<void>;
}

/** the operators of the i-th site: 14, 18, 10, 14… */
export const demoAgents = (i: number) => 10 + 4 * ((i + 1) % 3);
export const DEMO_QUEUES = ['hotline', 'billing', 'outages'];
const QUEUE_WEIGHTS = [0.45, 0.35, 0.2];
/** a model run this long is as busy as it gets */
const WARM_MS = 30 * 60_000;

export async function startDemoFeed(o: DemoFeedOptions): Promise<DemoFeed> {
  const stepMs = o.stepMs ?? 1000;
  const clock = o.clock ?? Date.now;
  const now = clock();
  const seed = o.seed ?? now;
  const lastHeard = await o.memory?.lastHeard().catch(() => undefined);
  // an earlier run is closed when it was last heard from (nothing of it happened after)
  const closeAt = lastHeard !== undefined ? Math.min(now, lastHeard + 1000) : now;
  let backlog: ObzorEvent[] = [];
  let closed = 0;
  let backfilled = 0;
  const sims = await Promise.all(
    o.sites.map(async (s, i) => {
      const agents = demoAgents(i);
      // the day so far, stamped in the past, then on in real time
      const from = backfillFrom(now, localDayStart(now, s.timeZone), lastHeard === undefined ? undefined : closeAt, o.backfillMaxMs);
      // less than half an hour to fill: the model starts nearly empty, the callers it dropped ring again
      const rushFrom = now - from < WARM_MS ? from : -Infinity;
      const sim = new CallCentreSim(
        {
          site: s.id,
          timeZone: s.timeZone,
          agents,
          queues: DEMO_QUEUES,
          queueWeights: QUEUE_WEIGHTS,
          speed: o.speed,
          rnd: seededRandom(seed + i),
          callsPerHour: (at) => demoCallsPerHour(at, s.timeZone, { agents, speed: o.speed }) * rushAfterRestart(at, rushFrom),
        },
        now,
      );
      if (o.memory) {
        const left = await o.memory.leftovers(s.id).catch((e: Error) => {
          o.log.warn({ site: s.id, err: e.message }, 'demo feed: what the last run left open was not read');
          return undefined;
        });
        if (left) {
          const c = closeLeftovers(left, closeAt);
          backlog.push(...c.events);
          closed += c.events.length;
          sim.takeOver(c.takeOver, now);
        }
      }
      const day = sim.start(from);
      for (let t = from + stepMs; t <= now; t += stepMs) day.push(...sim.step(t, stepMs));
      backfilled += day.length;
      backlog.push(...day);
      return sim;
    }),
  );
  o.log.info({ backfilled, closed }, 'demo feed: day so far filled in, earlier leftovers closed');

  let journal = '';
  const post = async (events: ObzorEvent[]) => {
    for (let i = 0; i < events.length; i += 1000) {
      const res = await fetch(o.ingestUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...o.headers },
        body: JSON.stringify(events.slice(i, i + 1000)),
      });
      if (res.status === 503) throw new Error('store unavailable');
      if (!res.ok) o.log.warn({ status: res.status }, 'demo feed: ingest refused a batch');
    }
  };
  const remember = async () => {
    if (!o.memory) return;
    const calls = sims.flatMap((sim, i) => sim.callsInProgress().map((c) => ({ site: o.sites[i]!.id, ...c })));
    const text = JSON.stringify(calls);
    if (text === journal) return;
    await o.memory.saveJournal(calls);
    journal = text;
  };
  /** sends what is due; events stamped slightly ahead (e.g. "connected" 2 s after answer) wait for their time */
  const flush = async (t: number) => {
    const due = backlog.filter((e) => Date.parse(e.at) <= t);
    backlog = backlog.filter((e) => Date.parse(e.at) > t);
    try {
      await post(due);
      await remember();
    } catch (e) {
      // keep them for the next tick: the ingest is idempotent, re-sending is safe
      backlog.unshift(...due);
      o.log.debug({ err: (e as Error).message }, 'demo feed: will retry');
    }
  };
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    const t = clock();
    backlog.push(...sims.flatMap((s) => s.step(t, stepMs)));
    running = flush(t).finally(() => (running = undefined));
  };
  tick();
  const timer = setInterval(tick, stepMs);
  timer.unref();
  return {
    backfilled,
    closed,
    pending: () => backlog.length,
    async halt() {
      clearInterval(timer);
      await running;
    },
    async stop() {
      clearInterval(timer);
      await running;
      const t = clock();
      // what is stamped ahead belongs to calls about to be closed: dropped
      backlog = backlog.filter((e) => Date.parse(e.at) <= t);
      backlog.push(...sims.flatMap((s) => s.closeAll(t)));
      await flush(t);
      if (backlog.length) o.log.warn({ events: backlog.length }, 'demo feed: stopped with events not sent; the next start closes what they leave open');
    },
  };
}
