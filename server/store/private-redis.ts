/**
 * The Redis `npm start` connects to when REDIS_URL is unset (decisions: ./redis-plan.ts): a Redis
 * answering on 127.0.0.1:6379, else a private redis-server started here — on a free loopback port
 * with a random password, its data and AOF under `<dataDir>/redis` — and stopped when this process
 * ends. Only a redis-server this process started is ever stopped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, createConnection } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import {
  PROBE_HOST,
  planRedis,
  privateRedisConfig,
  privateRedisUrl,
  redactRedisUrl,
  redisServerMissingMessage,
  type PrivatePersistence,
  type ProbeResult,
} from './redis-plan.js';

/** Start-up cannot have a Redis; `message` is the one line for the operator. */
export class RedisUnavailableError extends Error {}

/** PING on a raw socket: any RESP answer (`+PONG`, `-NOAUTH…`) is a Redis; a refused connection is nothing. */
export function probeRedis(port: number, host = PROBE_HOST, timeoutMs = 2000): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (r: ProbeResult) => {
      socket.destroy();
      resolve(r);
    };
    socket.setTimeout(timeoutMs, () => done('not-redis'));
    socket.once('error', () => done('nothing'));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d: Buffer) => done(d[0] === 0x2b /* + */ || d[0] === 0x2d /* - */ ? 'redis' : 'not-redis'));
    socket.once('end', () => done('not-redis'));
  });
}

export interface PrivateRedis {
  url: string;
  port: number;
  pid: number;
  dir: string;
  /** SIGTERM (redis fsyncs its AOF and exits); resolves once the process is gone */
  stop(): Promise<void>;
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, PROBE_HOST, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A redis-server still running on this directory (its pid file, and on Linux its command line): another Obzor, or one an earlier run left. */
function holderOf(dir: string): number | undefined {
  const pidFile = join(dir, 'redis.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return undefined;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server') ? pid : undefined;
  } catch {
    return existsSync('/proc/self') ? undefined : pid; // no /proc here: trust the pid file
  }
}

function lastLogLines(dir: string): string {
  try {
    return readFileSync(join(dir, 'redis.log'), 'utf8').trim().split('\n').slice(-3).join(' | ');
  } catch {
    return '';
  }
}

async function answers(port: number, password: string): Promise<boolean> {
  const r = new Redis({ host: PROBE_HOST, port, password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableReadyCheck: false });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG'; // -LOADING while it reads a large AOF: not yet
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

const heldMessage = (pid: number, dir: string) => `a redis-server (pid ${pid}) is already running on ${dir} — another Obzor, or one left by an earlier run: stop it (kill ${pid}) or set REDIS_URL to use it`;

/** Starts `redis-server` from PATH; rejects with RedisUnavailableError (one line) when it cannot. */
export async function startPrivateRedis(opts: { dataDir: string; persistence?: PrivatePersistence; probePort?: number; readyTimeoutMs?: number }): Promise<PrivateRedis> {
  const dir = join(opts.dataDir, 'redis');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const holder = holderOf(dir);
  if (holder !== undefined) {
    throw new RedisUnavailableError(heldMessage(holder, dir));
  }
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    // never the port a later start probes for a shared Redis: it would take ours for one
    let port = await freeLoopbackPort();
    while (port === opts.probePort) port = await freeLoopbackPort();
    const password = randomBytes(24).toString('base64url');
    // its own process group: a terminal's Ctrl-C reaches Obzor only, which drains, then stops Redis
    const child = spawn('redis-server', ['-'], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
    const exited = new Promise<Exit>((resolve) => {
      child.once('error', (e) => resolve(e));
      child.once('exit', (code) => resolve(code));
    });
    child.stdin.on('error', () => undefined); // it may exit before reading
    child.stdin.end(privateRedisConfig({ port, password, dir, persistence: opts.persistence ?? 'aof' }));
    const outcome = await waitReady(child, exited, port, password, opts.readyTimeoutMs ?? 60_000);
    if (outcome === 'ready') return handle(child, exited, port, password, dir);
    if (outcome !== 'timeout' && outcome.exit instanceof Error && outcome.exit.code === 'ENOENT') throw new RedisUnavailableError(redisServerMissingMessage(opts.probePort ?? 6379));
    if (outcome === 'timeout') {
      child.kill('SIGKILL');
      await exited;
      throw new RedisUnavailableError(`the private redis-server did not answer within ${(opts.readyTimeoutMs ?? 60_000) / 1000} s (${join(dir, 'redis.log')}: ${lastLogLines(dir)})`);
    }
    lastError = outcome.exit instanceof Error ? outcome.exit.message : `exited with ${outcome.exit}: ${lastLogLines(dir)}`;
    if (!/address already in use/i.test(lastError)) break; // only a port taken in between is worth another try
  }
  throw new RedisUnavailableError(`the private redis-server did not start (${lastError}); see ${join(dir, 'redis.log')}`);
}

type Exit = NodeJS.ErrnoException | number | null;

/** 'ready' once it answers PING with our password; how it ended if it exits first (an ENOENT error: not on PATH); or 'timeout'. */
async function waitReady(child: ChildProcess, exited: Promise<Exit>, port: number, password: string, timeoutMs: number): Promise<'ready' | 'timeout' | { exit: Exit }> {
  const ended: { exit?: Exit } = {};
  void exited.then((exit) => {
    ended.exit = exit;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ('exit' in ended) return { exit: ended.exit! };
    if (child.pid !== undefined && (await answers(port, password))) return 'ready';
    if ('exit' in ended) return { exit: ended.exit! };
    if (Date.now() > deadline) return 'timeout';
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** where a running private redis-server's URL (with its password) is kept for the operator commands: this user only */
const URL_FILE = 'url';

/**
 * The URL of the private redis-server `npm start` runs on this data dir, while it runs: the
 * operator commands use it when REDIS_URL is unset (they cannot guess its port and password).
 */
export function runningPrivateRedisUrl(dataDir: string): string | undefined {
  const dir = join(dataDir, 'redis');
  if (holderOf(dir) === undefined) return undefined;
  try {
    return readFileSync(join(dir, URL_FILE), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function handle(child: ChildProcess, exited: Promise<unknown>, port: number, password: string, dir: string): PrivateRedis {
  const running = () => child.exitCode === null && child.signalCode === null;
  const urlFile = join(dir, URL_FILE);
  writeFileSync(urlFile, `${privateRedisUrl(port, password)}\n`, { mode: 0o600 });
  const forget = () => rmSync(urlFile, { force: true });
  // a crash or process.exit anywhere still stops it: 'exit' handlers run synchronously, a signal is enough
  const onExit = () => {
    forget();
    if (running()) child.kill('SIGTERM');
  };
  process.once('exit', onExit);
  return {
    url: privateRedisUrl(port, password),
    port,
    pid: child.pid!,
    dir,
    async stop() {
      process.removeListener('exit', onExit);
      forget();
      if (running()) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface ChosenRedis {
  url: string;
  /** for logs: the URL without its password */
  where: string;
  /** the private redis-server, when one was started */
  private?: PrivateRedis;
  /** stops the private redis-server, if any (never a Redis this process did not start) */
  stop(): Promise<void>;
}

/** REDIS_URL, a Redis on 127.0.0.1:6379, or a private redis-server; rejects with RedisUnavailableError. */
export async function chooseRedis(config: { redisUrl: string; redisUrlFromEnv: boolean; redisProbePort: number; dataDir: string }): Promise<ChosenRedis> {
  // a private redis-server of this data dir still running (another Obzor, a killed one) is said first, whatever the probe finds
  const holder = config.redisUrlFromEnv ? undefined : holderOf(join(config.dataDir, 'redis'));
  if (holder !== undefined) throw new RedisUnavailableError(heldMessage(holder, join(config.dataDir, 'redis')));
  const probe = config.redisUrlFromEnv ? undefined : await probeRedis(config.redisProbePort);
  const plan = planRedis({ redisUrl: config.redisUrl, redisUrlFromEnv: config.redisUrlFromEnv, probePort: config.redisProbePort, ...(probe ? { probe } : {}) });
  if (plan.kind === 'refuse') throw new RedisUnavailableError(plan.message);
  if (plan.kind === 'use') return { url: plan.url, where: redactRedisUrl(plan.url), stop: () => Promise.resolve() };
  const own = await startPrivateRedis({ dataDir: config.dataDir, probePort: config.redisProbePort });
  return { url: own.url, where: `private redis-server on ${PROBE_HOST}:${own.port} (pid ${own.pid}, data ${own.dir})`, private: own, stop: () => own.stop() };
}
