/**
 * Real processes for fault tests: a private redis-server (never the shared one) and Obzor
 * nodes started as `node --import tsx server/main.ts`, so they can be killed with SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} not ready within ${timeoutMs} ms`);
}

export interface PrivateRedis {
  port: number;
  url: string;
  start(): Promise<void>;
  /** SIGKILL; resolves once the process is gone (its port free) */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * AOF with fsync on every write: an acknowledged write survives kill -9 (docs/operations.md).
 * `none`: no AOF and no RDB, as a careless deployment — a restart comes back empty.
 */
export async function privateRedis(appendfsync: 'always' | 'everysec' | 'none' = 'always'): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'obzor-redis-'));
  let proc: ChildProcess | undefined;
  const ping = async () => {
    const r = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => undefined);
    try {
      await r.connect();
      return (await r.ping()) === 'PONG';
    } finally {
      r.disconnect();
    }
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      const persistence = appendfsync === 'none' ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', appendfsync];
      proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...persistence, '--save', ''], { stdio: 'ignore' });
      await waitFor(ping, 10_000, `redis-server on ${port}`);
    },
    kill9() {
      const p = proc;
      if (!p || p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
      const gone = new Promise<void>((resolve) => p.once('exit', () => resolve()));
      p.kill('SIGKILL');
      return gone;
    },
    async stop() {
      proc?.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface NodeProcess {
  url: string;
  proc: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): void;
  exited: Promise<number | null>;
}

/** `env` overrides the test process's environment; `undefined` removes a variable (e.g. REDIS_URL, to start as on a bare machine). */
export async function startNode(env: Record<string, string | undefined>): Promise<NodeProcess> {
  const port = await freePort();
  let out = '';
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', OBZOR_DEMO: 'off', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/healthz`)).ok, 60_000, `node on ${port} (${out.slice(-500)})`);
  return { url, proc, output: () => out, kill: (s = 'SIGKILL') => void proc.kill(s), exited };
}
