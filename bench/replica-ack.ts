/**
 * Step `durability` (issue 18): what it costs that an acknowledged event is on a replica (WAIT)
 * or on disk (AOF fsync always) before its 200. A private master and one replica (redis-server on
 * free loopback ports, ours, ended by pid), a fresh Obzor server process per mode; the same
 * traffic per mode: batches of 100 from 4 feeds (throughput), then single events from 4 closed-loop
 * senders (the latency a webhook sees).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { authHeaders, serverEnv, SITE, sleep, type BenchEnv } from './bench-env.js';
import { Histogram, type LatencySummary } from './histogram.js';
import { keepAliveAgent, postJson } from './http-post.js';
import { startServer } from './server-handle.js';
import { callStream, chunk } from './traffic.js';

export interface AckMode {
  mode: string;
  /** batched: events/s over HTTP */
  batchedEventsPerSec: number;
  /** one event per request: requests/s and their latency */
  singleRequestsPerSec: number;
  singleMs: LatencySummary;
}

export interface ReplicaAckResult {
  batchSize: number;
  senders: number;
  modes: AckMode[];
}

const MODES = [
  { mode: 'no wait (one Redis, async replica)', ack: '0', aof: false },
  { mode: 'WAIT 1 replica (Sentinel/Cluster default)', ack: '1', aof: false },
  { mode: 'AOF appendfsync always, no WAIT', ack: '0', aof: true },
] as const;

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function untilUp(port: number, check: (r: Redis) => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => undefined);
    try {
      await r.connect();
      if (await check(r)) return;
    } catch {
      // not yet
    } finally {
      r.disconnect();
    }
    await sleep(50);
  }
  throw new Error(`redis-server on ${port} not ready`);
}

export async function replicaAck(env: BenchEnv, opts: { log: (s: string) => void }): Promise<ReplicaAckResult> {
  const dir = mkdtempSync(join(tmpdir(), 'obzor-bench-ack-'));
  const procs: ChildProcess[] = [];
  const senders = 4;
  const batchSize = 100;
  try {
    const master = await freePort();
    const replica = await freePort();
    const base = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    procs.push(spawn('redis-server', ['--port', String(master), '--dir', mkdtempSync(join(dir, 'm')), ...base], { stdio: 'ignore' }));
    await untilUp(master, async (r) => (await r.ping()) === 'PONG');
    procs.push(spawn('redis-server', ['--port', String(replica), '--dir', mkdtempSync(join(dir, 'r')), ...base, '--replicaof', '127.0.0.1', String(master)], { stdio: 'ignore' }));
    await untilUp(replica, async (r) => /master_link_status:up/.test(await r.info('replication')));
    const admin = new Redis({ port: master, host: '127.0.0.1' });
    const modes: AckMode[] = [];
    try {
      // twice round, the best of each mode kept: a shared machine's noise, and the order, matter less
      for (const [k, m] of [...MODES, ...MODES].entries()) {
        await admin.config('SET', 'appendonly', m.aof ? 'yes' : 'no');
        if (m.aof) await admin.config('SET', 'appendfsync', 'always');
        opts.log(`durability: ${m.mode}${k >= MODES.length ? ' (again)' : ''}`);
        const server = await startServer(serverEnv(env, `ack${k}:`, { REDIS_URL: `redis://127.0.0.1:${master}`, OBZOR_ACK_REPLICAS: m.ack }));
        try {
          const url = new URL('/api/v1/events', server.url);
          const headers = authHeaders(env);
          const now = Date.now();
          const stream = (p: string, calls: number) => callStream({ calls, start: now - calls * 200 - 15 * 60_000, gapMs: 200, site: SITE, idPrefix: `ack${k}${p}` });
          const post = async (agent: ReturnType<typeof keepAliveAgent>, body: string) => {
            const r = await postJson(agent, url, headers, body);
            if (r.status !== 200) throw new Error(`ingest answered ${r.status}: ${r.body.slice(0, 200)}`);
          };
          let agent = keepAliveAgent(senders);
          // warm the server's JIT on both shapes of request
          for (const b of chunk(stream('w-', 200), batchSize)) await post(agent, JSON.stringify(b));
          for (const e of stream('w1-', 100)) await post(agent, JSON.stringify([e]));
          // batched
          const lanes = Array.from({ length: senders }, (_, j) => chunk(stream(`b${j}-`, 1000), batchSize).map((b) => JSON.stringify(b)));
          const events = lanes.flat().reduce((n, b) => n + (JSON.parse(b) as unknown[]).length, 0);
          const t0 = performance.now();
          await Promise.all(lanes.map(async (lane) => {
            for (const body of lane) await post(agent, body);
          }));
          const batchedEventsPerSec = Math.round((events / (performance.now() - t0)) * 1000);
          // single events, closed loop
          agent.destroy();
          agent = keepAliveAgent(senders);
          const singles = Array.from({ length: senders }, (_, j) => stream(`s${j}-`, 250).map((e) => JSON.stringify([e])));
          const h = new Histogram(0.01, 10_000);
          const t1 = performance.now();
          await Promise.all(singles.map(async (lane) => {
            for (const body of lane) {
              const s = performance.now();
              await post(agent, body);
              h.record(performance.now() - s);
            }
          }));
          const singleRequestsPerSec = Math.round((singles.flat().length / (performance.now() - t1)) * 1000);
          agent.destroy();
          const got: AckMode = { mode: m.mode, batchedEventsPerSec, singleRequestsPerSec, singleMs: h.summary() };
          const prev = modes.find((x) => x.mode === m.mode);
          if (!prev) modes.push(got);
          else {
            prev.batchedEventsPerSec = Math.max(prev.batchedEventsPerSec, got.batchedEventsPerSec);
            if (got.singleRequestsPerSec > prev.singleRequestsPerSec) Object.assign(prev, { singleRequestsPerSec: got.singleRequestsPerSec, singleMs: got.singleMs });
          }
        } finally {
          await server.stop();
        }
      }
    } finally {
      admin.disconnect();
    }
    return { batchSize, senders, modes };
  } finally {
    for (const p of procs) p.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
