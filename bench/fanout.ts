/**
 * Steps 3 and 4 — fan-out. For each number of clients: a fresh server process, the clients spread
 * over CLIENTS_PER_PROCESS-sized child processes (bench/fanout-clients.ts: each screen decodes and
 * applies what a wall would; screens of a process holding the same state share that work: wall-clients.ts), then paced traffic at each rate for a short step.
 * Per step: event→screen latency, CPU of the server / clients / Redis, update size; per
 * group: server memory per connected client (RSS and heap after a GC, before vs after connect).
 */
import { setPriority } from 'node:os';
import { Redis } from 'ioredis';
import { authHeaders, deleteKeys, REDIS_URL, serverEnv, SITE, sleep, type BenchEnv } from './bench-env.js';
import { forkTs } from './child.js';
import { Histogram, type LatencySummary } from './histogram.js';
import { generateLoad } from './load-generator.js';
import { busyCores, cpuTicks } from './machine.js';
import { cpuShare, startServer } from './server-handle.js';
import { WallClients, type ConnectArgs, type StepStats } from './wall-clients.js';

export interface FanoutStep {
  clients: number;
  eventsPerSec: number;
  /** events of the step's calls ÷ step duration (below the target = the sender fell behind) */
  sentEventsPerSec: number;
  probes: number;
  latencyMs: LatencySummary;
  /** one more client in the (otherwise idle) bench process: the latency without the clients' own queueing */
  canaryLatencyMs: LatencySummary;
  /** samples ÷ (clients × probes): 1 = every client saw every probe */
  coverage: number;
  updatesPerClientPerSec: number;
  updateKB: number;
  /** what one screen received on the wire per second (engine.io payloads: the server's part of a screen's link) */
  bytesPerScreenPerSec: number;
  /** of one screen's updates, the share that came as patches (the rest whole states) */
  patchShare: number;
  /** the same screen's updates as whole states (how the push was before issue 19), bytes per second of JSON */
  fullStateBytesPerScreenPerSec: number;
  /** how many processes the clients were spread over */
  clientProcesses: number;
  serverCpu: number;
  clientsCpu: number;
  /** one screen's own work per update (inflate, patch, probe scan; µs): what each wall's CPU does, shared by no other screen */
  screenUsPerUpdate: number;
  redisCpu: number;
  /** cores busy on the whole machine (bench + anything else running) */
  machineBusyCores: number;
  /** of those, not the bench's (server, clients, Redis, load generator): other work on a shared machine */
  otherCores: number;
  /** server CPU per pushed update (includes ingesting the step's events) */
  serverCpuMsPerPush: number;
  /** the server's own part: a push round (read the dirty sites, build, diff, pack, hand to the sockets), mean ms */
  serverPushRoundMs: number;
  /** how late the server's event loop ran, p99 over the step (ms): every push and socket write waits this */
  serverLoopDelayP99Ms: number;
  serverRssMB: number;
  seqGaps: number;
  failedEvents: number;
  maxBacklog: number;
  /** the last event of the step was acknowledged this much later than planned (ingest falling behind) */
  ingestLagMs: number;
}

export interface FanoutGroup {
  clients: number;
  connectMs: number;
  rssPerClientKB: number;
  heapPerClientKB: number;
  /** the Socket.IO adapter's Redis stream (every broadcast, capped at ~10,000 entries) after the steps */
  adapterStreamMB: number;
  adapterStreamEntries: number;
  steps: FanoutStep[];
}

export interface FanoutPlan {
  clients: number;
  rates: number[];
}

async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const v = (k: string) => Number(new RegExp(`${k}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  return v('used_cpu_user') + v('used_cpu_sys');
}

/** the client processes' niceness (0 = the server's; 19 = the lowest) */
const CLIENTS_NICE = 10;

/** a client process decodes like this many walls; more clients, more processes (the machine's cores permitting) */
const CLIENTS_PER_PROCESS = 500;

/** `count` split over `n` parts as evenly as whole clients allow */
const shares = (count: number, n: number) => Array.from({ length: n }, (_, i) => Math.floor(count / n) + (i < count % n ? 1 : 0));

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

export async function fanout(env: BenchEnv, plans: FanoutPlan[], opts: { stepMs: number; drainMs: number; profile?: boolean; serverEnv?: Record<string, string>; log: (s: string) => void }): Promise<FanoutGroup[]> {
  const redis = new Redis(REDIS_URL, { connectionName: 'obzor-bench' });
  const groups: FanoutGroup[] = [];
  let stepNo = 0;
  try {
    for (const plan of plans) {
      const sub = `fan${plan.clients}:`;
      const server = await startServer(serverEnv(env, sub, opts.serverEnv), opts.profile ? `server-${plan.clients}-clients` : undefined);
      const processes = Math.max(1, Math.ceil(plan.clients / CLIENTS_PER_PROCESS));
      const children = Array.from({ length: processes }, () => forkTs('bench/fanout-clients.ts'));
      // the screens of a real centre run on their own machines: here they share the server's two
      // cores, so they run at a lower priority and the server (what is measured) is served first
      for (const ch of children) if (ch.proc.pid) setPriority(ch.proc.pid, CLIENTS_NICE);
      const all = <T>(cmd: string, args?: (i: number) => unknown) => Promise.all(children.map((ch, i) => ch.call<T>(cmd, args?.(i))));
      const canary = new WallClients();
      try {
        const load = (tag: string, eventsPerSec: number, durationMs: number) => generateLoad({ url: server.url, headers: authHeaders(env), site: SITE, tag, eventsPerSec, durationMs });
        // some state on the wall before anyone connects, and a warm server
        await load('warm-', 200, 2000);
        await sleep(500);
        const bare = await server.stats(true);
        opts.log(`fan-out: connecting ${plan.clients} clients`);
        const parts = shares(plan.clients, processes);
        const connectedParts = await all<{ connected: number; ms: number }>('connect', (i) => ({ url: server.url, token: env.displayToken, site: SITE, count: parts[i]!, parallel: 50 }) satisfies ConnectArgs);
        const c = { connected: connectedParts.reduce((n, p) => n + p.connected, 0), ms: Math.max(...connectedParts.map((p) => p.ms)) };
        await sleep(1500);
        const connected = await server.stats(true);
        if (connected.clients !== plan.clients) throw new Error(`server counts ${connected.clients} clients, expected ${plan.clients}`);
        // joined last, so written to last in every broadcast
        await canary.connect({ url: server.url, token: env.displayToken, site: SITE, count: 1, parallel: 1 });
        // a step's worth of the first rate, not measured: the screens' first traffic after connecting
        // ran 10–40× slower than the same load a step later (2,000 screens on a 2-core VM: p99 11–12 s,
        // then 0.3–0.5 s), and a centre's walls have been running long before anyone reads them
        opts.log(`fan-out: ${plan.clients} clients, warming up at ${plan.rates[0]} events/s`);
        await load(`w${stepNo}-`, plan.rates[0] ?? 100, opts.stepMs);
        await sleep(opts.drainMs);
        const steps: FanoutStep[] = [];
        for (const eventsPerSec of plan.rates) {
          const tag = `b${++stepNo}-`;
          opts.log(`fan-out: ${plan.clients} clients, ${eventsPerSec} events/s for ${opts.stepMs / 1000} s`);
          await all('step-start', () => ({ tag }));
          canary.stepStart(tag);
          const s0 = await server.stats();
          const r0 = await redisCpuSeconds(redis);
          const m0 = cpuTicks();
          const b0 = process.cpuUsage();
          const sent = await load(tag, eventsPerSec, opts.stepMs);
          await sleep(opts.drainMs);
          const s1 = await server.stats();
          const r1 = await redisCpuSeconds(redis);
          const m1 = cpuTicks();
          const b = process.cpuUsage(b0);
          const st = merged(await all<StepStats>('step-stats'));
          const cn = canary.stepStats();
          const seconds = (s1.at - s0.at) / 1000;
          const serverCpu = cpuShare(s0, s1);
          const redisCpu = (r1 - r0) / seconds;
          const machineBusy = busyCores(m0, m1);
          const pushes = st.updates / plan.clients;
          const r2 = (x: number) => Math.round(x * 100) / 100;
          steps.push({
            clients: plan.clients,
            eventsPerSec,
            sentEventsPerSec: sent.eventsPerSec,
            probes: sent.probes,
            latencyMs: st.latencyMs,
            canaryLatencyMs: cn.latencyMs,
            coverage: Math.round((st.latencyMs.count / (plan.clients * sent.probes)) * 1000) / 1000,
            updatesPerClientPerSec: Math.round((st.updates / plan.clients / (st.ms / 1000)) * 100) / 100,
            updateKB: Math.round(st.maxUpdateBytes / 102.4) / 10,
            bytesPerScreenPerSec: st.bytesPerSecond,
            patchShare: st.patchShare,
            fullStateBytesPerScreenPerSec: st.fullStateBytesPerSecond,
            clientProcesses: processes,
            serverCpu: r2(serverCpu),
            clientsCpu: st.cpu,
            screenUsPerUpdate: st.screenUsPerUpdate,
            redisCpu: r2(redisCpu),
            machineBusyCores: machineBusy,
            otherCores: r2(Math.max(0, machineBusy - serverCpu - st.cpu - redisCpu - (b.user + b.system) / 1e6 / seconds)),
            serverCpuMsPerPush: Math.round((serverCpu * seconds * 1000) / Math.max(1, pushes)),
            serverPushRoundMs: Math.round(((s1.pushSeconds - s0.pushSeconds) / Math.max(1, s1.pushRounds - s0.pushRounds)) * 10000) / 10,
            serverLoopDelayP99Ms: s1.loopDelayP99Ms,
            serverRssMB: mb(s1.rss),
            seqGaps: st.seqGaps,
            failedEvents: sent.failed,
            maxBacklog: sent.maxBacklog,
            ingestLagMs: sent.lagMs,
          });
        }
        const streamKey = `${env.prefix}${sub}push:socket.io`;
        const [streamBytes, streamLen] = await Promise.all([redis.call('MEMORY', 'USAGE', streamKey, 'SAMPLES', '0') as Promise<number | null>, redis.xlen(streamKey)]);
        groups.push({
          clients: plan.clients,
          connectMs: c.ms,
          rssPerClientKB: Math.round((connected.rss - bare.rss) / plan.clients / 102.4) / 10,
          heapPerClientKB: Math.round((connected.heapUsed + connected.external - bare.heapUsed - bare.external) / plan.clients / 102.4) / 10,
          adapterStreamMB: mb(streamBytes ?? 0),
          adapterStreamEntries: streamLen,
          steps,
        });
        await all('disconnect');
      } finally {
        canary.disconnect();
        for (const ch of children) ch.kill();
        await server.stop();
        await deleteKeys(redis, `${env.prefix}${sub}`);
      }
    }
    return groups;
  } finally {
    redis.disconnect();
  }
}

/** The client processes' figures as one: latencies from their merged samples, counts summed, CPU added up. */
function merged(parts: StepStats[]): StepStats {
  const hist = new Histogram(parts[0]!.histogram.resolutionMs);
  for (const p of parts) hist.merge(p.histogram);
  const first = parts[0]!;
  const sum = (f: (p: StepStats) => number) => parts.reduce((n, p) => n + f(p), 0);
  return {
    ...first,
    latencyMs: hist.summary(),
    histogram: hist.export(),
    updates: sum((p) => p.updates),
    seqGaps: sum((p) => p.seqGaps),
    disconnects: sum((p) => p.disconnects),
    cpu: Math.round(sum((p) => p.cpu) * 100) / 100,
    ms: Math.max(...parts.map((p) => p.ms)),
  };
}
