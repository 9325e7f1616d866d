/**
 * Issue 18: real Redis topologies on loopback, from Debian's `redis-server` — a Cluster of 3 masters
 * and 3 replicas (`redis-cli --cluster create`), and a Sentinel set of 1 master, 2 replicas and
 * 3 sentinels. Every process is ours (started here, on free ports, in a temporary directory) and is
 * ended by its own pid; a node can be killed with SIGKILL to test a failover.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from './processes.js';
import { waitUntil } from './wait-until.js';

const run = promisify(execFile);

/** why the topology tests cannot run here, or null */
export function missingRedisServer(): string | null {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) return 'redis-server is not on PATH (Debian: apt-get install redis-server)';
  return spawnSync('redis-cli', ['--version']).status === 0 ? null : 'redis-cli is not on PATH';
}

export interface RedisProcess {
  port: number;
  role: string;
  kill9(): Promise<void>;
  alive(): boolean;
  restart(): Promise<void>;
}

/** the project's wait for a condition (tests/helpers/wait-until.ts): polls, never sleeps and hopes */
const until = (check: () => Promise<boolean>, what: string, timeoutMs = 30_000) => waitUntil(check, what, timeoutMs, 100);

async function ask<T>(port: number, f: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return await f(r);
  } finally {
    r.disconnect();
  }
}

function info(text: string, field: string): string | undefined {
  return new RegExp(`^${field}:(.*)$`, 'm').exec(text)?.[1]?.trim();
}

/** a redis-server process of ours; `restart` starts it again with the same arguments and data dir */
function ownProcess(args: string[], role: string, port: number): RedisProcess {
  let proc: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });
  const alive = () => proc.exitCode === null && proc.signalCode === null;
  return {
    port,
    role,
    alive,
    kill9() {
      if (!alive()) return Promise.resolve();
      const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGKILL');
      return gone;
    },
    async restart() {
      if (alive()) throw new Error(`redis-server on ${port} is still running`);
      proc = spawn('redis-server', args, { stdio: 'ignore' });
      await until(() => ask(port, async (r) => (await r.ping()) === 'PONG'), `redis-server on ${port} again`);
    },
  };
}

function spawnRedis(dir: string, port: number, args: string[], role: string): RedisProcess {
  const own = join(dir, String(port));
  mkdirSync(own, { recursive: true });
  return ownProcess(['--port', String(port), '--bind', '127.0.0.1', '--dir', own, '--save', '', '--appendonly', 'no', ...args], role, port);
}

export interface RedisClusterSet {
  /** `host:port,…` of every node, for REDIS_CLUSTER_NODES */
  nodes: string;
  processes: RedisProcess[];
  /** the process serving `key`'s slot as master now */
  masterOf(key: string): Promise<RedisProcess>;
  /** every slot is served and the cluster says ok, asked of every live node */
  healthy(): Promise<boolean>;
  /** starts a killed node again (it rejoins as a replica of whoever took its slots) and waits for it to sync */
  restart(p: RedisProcess): Promise<void>;
  stop(): Promise<void>;
}

/** 3 masters + 3 replicas; `node-timeout` short so a killed master is failed over in ~2 s */
export async function startRedisCluster(): Promise<RedisClusterSet> {
  const dir = mkdtempSync(join(tmpdir(), 'obzor-cluster-'));
  const processes: RedisProcess[] = [];
  try {
    for (let i = 0; i < 6; i++) {
      const port = await freePort();
      processes.push(spawnRedis(dir, port, ['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`), '--cluster-node-timeout', '1500'], 'cluster'));
    }
    for (const p of processes) await until(() => ask(p.port, async (r) => (await r.ping()) === 'PONG'), `redis-server on ${p.port}`);
    await run('redis-cli', ['--cluster', 'create', ...processes.map((p) => `127.0.0.1:${p.port}`), '--cluster-replicas', '1', '--cluster-yes']);
    const set: RedisClusterSet = {
      nodes: processes.map((p) => `127.0.0.1:${p.port}`).join(','),
      processes,
      async masterOf(key) {
        const live = processes.find((p) => p.alive())!;
        const slot = await ask(live.port, (r) => r.call('CLUSTER', 'KEYSLOT', key) as Promise<number>);
        const slots = (await ask(live.port, (r) => r.call('CLUSTER', 'SLOTS'))) as [number, number, [string, number, string]][];
        const range = slots.find(([from, to]) => slot >= from && slot <= to)!;
        return processes.find((p) => p.port === range[2][1])!;
      },
      async healthy() {
        for (const p of processes.filter((x) => x.alive())) {
          const text = await ask(p.port, (r) => r.call('CLUSTER', 'INFO') as Promise<string>);
          if (info(text, 'cluster_state') !== 'ok' || info(text, 'cluster_slots_ok') !== '16384') return false;
        }
        return true;
      },
      async restart(p) {
        await p.restart();
        await until(() => set.healthy(), 'the cluster to agree on its slots again');
        await until(async () => info(await ask(p.port, (r) => r.info('replication')), 'master_link_status') === 'up', `${p.port} to sync as a replica`);
      },
      async stop() {
        await Promise.all(processes.map((p) => p.kill9()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
    await until(() => set.healthy(), 'the cluster to agree on its slots');
    // every replica has synced with its master before any test writes
    await until(async () => {
      for (const p of processes) {
        const text = await ask(p.port, (r) => r.info('replication'));
        if (info(text, 'role') === 'slave' && info(text, 'master_link_status') !== 'up') return false;
      }
      return true;
    }, 'the replicas to sync');
    return set;
  } catch (e) {
    await Promise.all(processes.map((p) => p.kill9()));
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

export interface SentinelSet {
  /** `host:port,…` of the sentinels, for REDIS_SENTINELS */
  sentinels: string;
  master: string;
  processes: RedisProcess[];
  /** the process that is the master now, as the sentinels say */
  currentMaster(): Promise<RedisProcess>;
  stop(): Promise<void>;
}

/** 1 master, 2 replicas, 3 sentinels (quorum 2, down-after 1 s, failover in ~2 s) */
export async function startSentinelSet(master = 'obzor-test'): Promise<SentinelSet> {
  const dir = mkdtempSync(join(tmpdir(), 'obzor-sentinel-'));
  const processes: RedisProcess[] = [];
  try {
    const masterPort = await freePort();
    processes.push(spawnRedis(dir, masterPort, [], 'redis'));
    for (let i = 0; i < 2; i++) processes.push(spawnRedis(dir, await freePort(), ['--replicaof', '127.0.0.1', String(masterPort)], 'redis'));
    for (const p of processes) await until(() => ask(p.port, async (r) => (await r.ping()) === 'PONG'), `redis-server on ${p.port}`);
    await until(async () => {
      for (const p of processes.slice(1)) if (info(await ask(p.port, (r) => r.info('replication')), 'master_link_status') !== 'up') return false;
      return true;
    }, 'the replicas to sync');
    const sentinels: RedisProcess[] = [];
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const conf = join(dir, `sentinel-${port}.conf`);
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor ${master} 127.0.0.1 ${masterPort} 2`,
          `sentinel down-after-milliseconds ${master} 1000`,
          `sentinel failover-timeout ${master} 5000`,
          `sentinel parallel-syncs ${master} 1`,
          '',
        ].join('\n'),
      );
      sentinels.push(ownProcess([conf, '--sentinel'], 'sentinel', port));
    }
    processes.push(...sentinels);
    // every sentinel knows the master, both replicas and the other sentinels
    await until(async () => {
      for (const s of sentinels) {
        const m = (await ask(s.port, (r) => r.call('SENTINEL', 'MASTER', master))) as string[];
        const field = (k: string) => m[m.indexOf(k) + 1];
        if (field('num-slaves') !== '2' || field('num-other-sentinels') !== '2') return false;
      }
      return true;
    }, 'the sentinels to see the set');
    const set: SentinelSet = {
      sentinels: sentinels.map((s) => `127.0.0.1:${s.port}`).join(','),
      master,
      processes,
      async currentMaster() {
        const s = sentinels.find((x) => x.alive())!;
        const [, port] = (await ask(s.port, (r) => r.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', master))) as [string, string];
        return processes.find((p) => p.port === Number(port))!;
      },
      async stop() {
        await Promise.all(processes.map((p) => p.kill9()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
    return set;
  } catch (e) {
    await Promise.all(processes.map((p) => p.kill9()));
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
