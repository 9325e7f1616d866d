/**
 * Step 1 — ingest ceiling ratio. The same 1,000-event batches of call lifecycles are ingested
 *   a) over HTTP (`POST /api/v1/events`, Bearer key, the server in its own process),
 *   b) in process through IngestService (validate + dedupe + fold; no HTTP, no JSON parse),
 *   c) in process through EventStore.apply (our fold only), recording every Redis pipeline,
 *   d) as those recorded Redis commands (HMGET/EXISTS + EVALSHA, same arguments) replayed
 *      pipelined from Node with no work between them — the pure-Redis ceiling.
 * `senders` independent feeds (their own calls) post concurrently, each one batch after
 * another, as a feed does (splitting ONE time-ordered feed into concurrent batches makes them
 * touch the same calls and retry on optimistic conflicts: see docs/performance.md).
 * Each path runs on its own key prefix from an empty state. The machine may be shared, so the
 * whole sequence runs `rounds` times and each path's best round counts (all are kept).
 */
import { Redis } from 'ioredis';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../server/config.js';
import { DEFAULT_SITES } from '../server/domain/sites.js';
import { DEFAULT_HORIZON_MS, IngestService } from '../server/ingest/ingest-service.js';
import { validateEvent } from '../server/ingest/validate-event.js';
import { EventStore } from '../server/store/event-store.js';
import { Keys } from '../server/store/keys.js';
import { createRedis, connectRedis } from '../server/store/redis-client.js';
import type { ObzorEvent } from '../shared/events.js';
import { authHeaders, deleteKeys, REDIS_URL, serverEnv, SITE, type BenchEnv } from './bench-env.js';
import { countStatuses, keepAliveAgent, postJson } from './http-post.js';
import { RedisRecorder, replay } from './redis-recorder.js';
import { busyCores, cpuTicks } from './machine.js';
import { cpuShare, startServer } from './server-handle.js';
import { callStream, chunk } from './traffic.js';

export interface Round {
  http: number;
  inProcess: number;
  fold: number;
  redis: number;
  /** EVALSHA replies of the replay: 'conflict' = an optimistic retry (batches in flight touching one entity) */
  scriptReplies: Record<string, number>;
  serverCpu: number;
  /** cores busy on the whole machine during the HTTP phase (server + Redis + senders + anything else) */
  httpMachineCores: number;
  /** the same during the replay (Redis + the replaying client) */
  redisMachineCores: number;
}

export interface IngestCeilingResult {
  events: number;
  batches: number;
  batchSize: number;
  /** concurrent feeds, each posting its batches one after another */
  senders: number;
  /** server processes the feeds post to */
  nodes: number;
  rounds: Round[];
  /** best round of each path, events/s */
  best: { http: number; inProcess: number; fold: number; redis: number };
  /** per round: the recorded Redis work */
  commands: number;
  scriptCalls: number;
  statuses: Record<string, number>;
  /** best HTTP ÷ best pure-Redis replay */
  ratioToRedis: number;
  /** best HTTP ÷ best EventStore.apply */
  ratioToFold: number;
}

const BATCH = 1000;

/** each lane's batches one after another, the lanes concurrently; returns `events`/s */
async function eventsPerSec<T>(events: number, lanes: readonly (readonly T[])[], work: (b: T) => Promise<void>): Promise<number> {
  const started = performance.now();
  await Promise.all(
    lanes.map(async (lane) => {
      for (const b of lane) await work(b);
    }),
  );
  return Math.round((events / (performance.now() - started)) * 1000);
}

export async function ingestCeiling(env: BenchEnv, opts: { calls: number; senders: number; rounds: number; nodes?: number; profile?: boolean; log: (s: string) => void }): Promise<IngestCeilingResult> {
  const now = Date.now();
  const gapMs = 200;
  const stream = (idPrefix: string, calls: number) => callStream({ calls, start: now - calls * gapMs - 15 * 60_000, gapMs, site: SITE, idPrefix });
  const warm = chunk(stream('wu-', 500), BATCH);
  const headers = authHeaders(env);
  const config = loadConfig({});
  const sites = new Map(DEFAULT_SITES.map((s) => [s.id, s]));
  const known = new Set([SITE]);
  const lua = readFileSync(new URL('../server/store/lua/apply-entity.lua', import.meta.url), 'utf8');

  // several stateless nodes on one Redis, as behind a load balancer: feed j posts to node j mod N
  const servers = await Promise.all(Array.from({ length: opts.nodes ?? 1 }, (_, k) => startServer(serverEnv(env, 'http:'), opts.profile ? `server-ingest-${k}` : undefined)));
  // a fresh pool per HTTP phase: the server closes connections idle for 5 s (keepAliveTimeout)
  let agent = keepAliveAgent(opts.senders);
  const urls = servers.map((sv) => new URL('/api/v1/events', sv.url));
  const serversCpu = async () => Promise.all(servers.map((sv) => sv.stats()));
  const redis = createRedis({ redisUrl: REDIS_URL }, 'obzor-bench');
  await connectRedis(redis);
  const plain = new Redis(REDIS_URL, { connectionName: 'obzor-bench-replay' });
  const storeAt = (sub: string) => new EventStore(redis, new Keys(`${env.prefix}${sub}`), sites, config);
  const statuses: Record<string, number> = {};
  const rounds: Round[] = [];
  let batchCount = 0;
  let events = 0;
  let commands = 0;
  let scriptCalls = 0;
  try {
    const post = async (body: string, node = 0) => {
      const r = await postJson(agent, urls[node % urls.length]!, headers, body);
      if (r.status !== 200) throw new Error(`ingest answered ${r.status}: ${r.body.slice(0, 300)}`);
      return r.body;
    };
    // warm the JIT of both processes (own ids, own prefix)
    for (const [k, b] of warm.entries()) await post(JSON.stringify(b), k);
    const warmIngest = new IngestService(storeAt('warm:'), known);
    for (const b of warm) await warmIngest.ingest(JSON.parse(JSON.stringify(b)) as unknown[], { source: 'bench' });

    for (let round = 1; round <= opts.rounds; round++) {
      const lanes = Array.from({ length: opts.senders }, (_, j) => chunk(stream(`r${round}s${j}-`, Math.round(opts.calls / opts.senders)), BATCH));
      batchCount = lanes.reduce((n, l) => n + l.length, 0);
      events = lanes.flat().reduce((n, b) => n + b.length, 0);
      const bodies = lanes.map((l) => l.map((b) => JSON.stringify(b)));
      const addressed = bodies.map((l, j) => l.map((body) => ({ body, node: j })));
      opts.log(`ingest round ${round}/${opts.rounds}: ${events} events from ${opts.senders} feed(s) — HTTP, IngestService, EventStore.apply, Redis replay`);

      // a) HTTP
      agent.destroy();
      agent = keepAliveAgent(opts.senders);
      const before = await serversCpu();
      const httpTicks = cpuTicks();
      const http = await eventsPerSec(events, addressed, async ({ body, node }) => {
        for (const [k, n] of Object.entries(countStatuses(await post(body, node)))) statuses[k] = (statuses[k] ?? 0) + n;
      });
      const httpMachineCores = busyCores(httpTicks, cpuTicks());
      const after = await serversCpu();
      const serverCpu = Math.round(before.reduce((sum, b, k) => sum + cpuShare(b, after[k]!), 0) * 100) / 100;

      // b) IngestService in process: HTTP adds transport, JSON and auth on top of this
      const ingest = new IngestService(storeAt(`inproc:${round}:`), known);
      const parsed = bodies.map((l) => l.map((b) => JSON.parse(b) as unknown[]));
      const inProcess = await eventsPerSec(events, parsed, async (items) => void (await ingest.ingest(items, { source: 'bench' })));

      // c) EventStore.apply, recording its Redis traffic
      const validated = lanes.map((l) =>
        l.map((b) =>
          b.map((raw) => {
            const v = validateEvent(raw, { knownSites: known, now, horizonMs: DEFAULT_HORIZON_MS, source: 'bench' });
            if (!v.ok) throw new Error(v.error);
            return v.event;
          }),
        ),
      );
      const foldPrefix = `fold:${round}:`;
      const store = storeAt(foldPrefix);
      const recorder = new RedisRecorder();
      recorder.attach(redis as Redis);
      const fold = await eventsPerSec<ObzorEvent[]>(events, validated, async (b) => void (await store.apply(b)));
      recorder.detach();
      commands = recorder.commandCount;
      scriptCalls = recorder.scriptCalls;

      // d) the same commands, replayed into the same (emptied) keys, 8 pipelines deep
      await deleteKeys(plain, `${env.prefix}${foldPrefix}`);
      await plain.script('LOAD', lua);
      const replayTicks = cpuTicks();
      const r = await replay(plain, recorder.pipelines, 8);
      const redisMachineCores = busyCores(replayTicks, cpuTicks());
      rounds.push({ http, inProcess, fold, redis: Math.round((events / r.ms) * 1000), scriptReplies: r.scriptReplies, serverCpu, httpMachineCores, redisMachineCores });
      for (const sub of [`inproc:${round}:`, foldPrefix]) await deleteKeys(plain, `${env.prefix}${sub}`);
    }
  } finally {
    agent.destroy();
    await Promise.all(servers.map((sv) => sv.stop()));
    for (const sub of ['http:', 'warm:', 'inproc:', 'fold:']) await deleteKeys(plain, `${env.prefix}${sub}`);
    redis.disconnect();
    plain.disconnect();
  }
  const best = {
    http: Math.max(...rounds.map((r) => r.http)),
    inProcess: Math.max(...rounds.map((r) => r.inProcess)),
    fold: Math.max(...rounds.map((r) => r.fold)),
    redis: Math.max(...rounds.map((r) => r.redis)),
  };
  const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
  return { events, batches: batchCount, batchSize: BATCH, senders: opts.senders, nodes: servers.length, rounds, best, commands, scriptCalls, statuses, ratioToRedis: ratio(best.http, best.redis), ratioToFold: ratio(best.http, best.fold) };
}
