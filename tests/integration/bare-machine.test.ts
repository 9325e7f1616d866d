/**
 * Issue 20 (1): `npm start` on a machine without Redis. REDIS_URL unset and nothing on the probe
 * port (OBZOR_REDIS_PROBE_PORT, tests only, standing in for 127.0.0.1:6379, which the suite's own
 * Redis may hold): a private redis-server under OBZOR_DATA_DIR serves Obzor and stops with it.
 * Without redis-server on PATH: one clear line, no stack trace.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startNode, type NodeProcess } from '../helpers/processes.js';
import { waitUntil } from '../helpers/wait-until.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN = 'bare-machine-wall-token-0123456789';
const dirs: string[] = [];
const nodes: NodeProcess[] = [];
const redisPids: number[] = [];

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterAll(async () => {
  for (const n of nodes) {
    if (n.proc.exitCode === null && n.proc.signalCode === null) {
      n.kill('SIGTERM');
      await n.exited;
    }
  }
  // only if a failed test left it: the redis-server our own node started
  for (const pid of redisPids) if (alive(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server')) process.kill(pid, 'SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'obzor-bare-'));
  dirs.push(d);
  return d;
}

/** as on a bare machine: no REDIS_URL, nothing listening where Redis would be */
async function bareEnv(dataDir: string): Promise<Record<string, string | undefined>> {
  return { REDIS_URL: undefined, OBZOR_REDIS_PROBE_PORT: String(await freePort()), OBZOR_DATA_DIR: dataDir };
}

/** start-up that is expected to stop: its exit code and everything it wrote to stderr */
async function runToExit(env: Record<string, string | undefined>): Promise<{ code: number | null; stderr: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => proc.once('exit', (c) => resolve(c)));
  await waitUntil(() => proc.stderr.readableEnded || proc.stderr.destroyed, 'stderr closed');
  return { code, stderr };
}

// each test starts whole servers (tsx, a redis-server, bcrypt): minutes on a loaded machine, seconds alone
describe('npm start without Redis', { timeout: 120_000 }, () => {
  it('starts a private redis-server under the data dir, serves from it, and stops it on SIGTERM', async () => {
    const dataDir = tempDir();
    const node = await startNode({ ...(await bareEnv(dataDir)), LOG_LEVEL: 'info', OBZOR_DISPLAY_TOKENS: `bare=${TOKEN}` });
    nodes.push(node);
    const pid = Number(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8'));
    redisPids.push(pid);
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).toContain('redis-server');
    const started = /"port":(\d+),"dir":"[^"]*","msg":"started a private redis-server/.exec(node.output());
    expect(started, node.output()).not.toBeNull();

    expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
    const ready = await (await fetch(`${node.url}/readyz`)).json();
    expect(ready).toMatchObject({ status: 'ready', redis: 'ready', persistence: 'aof' });
    const snap = await fetch(`${node.url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(snap.status).toBe(200);
    expect((await snap.json()).sites.map((s: { site: string }) => s.site)).toEqual(['yuzhno-sakhalinsk']);

    // loopback with a password: a neighbour without it gets nothing
    const stranger = createConnection({ host: '127.0.0.1', port: Number(started![1]) });
    stranger.write('GET x\r\n');
    const reply = await new Promise<string>((resolve, reject) => stranger.once('data', (d: Buffer) => resolve(d.toString())).once('error', reject));
    stranger.destroy();
    expect(reply).toMatch(/^-NOAUTH/);

    node.kill('SIGTERM');
    expect(await node.exited).toBe(0);
    // Obzor waits for its redis-server to exit before it exits itself
    expect(alive(pid)).toBe(false);
    expect(existsSync(join(dataDir, 'redis', 'redis.pid'))).toBe(false);
    expect(readdirSync(join(dataDir, 'redis', 'appendonlydir')).some((f) => f.endsWith('.incr.aof'))).toBe(true);
  });

  it('the operator commands use the private redis-server of a running npm start on the same data dir', async () => {
    const dataDir = tempDir();
    const env = await bareEnv(dataDir);
    const node = await startNode(env);
    nodes.push(node);
    redisPids.push(Number(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8')));
    expect(statSync(join(dataDir, 'redis', 'url')).mode & 0o777).toBe(0o600);
    const cli = spawn(process.execPath, ['--import', 'tsx', 'server/cli/obzor.ts', 'display:add', '--name', 'Зал'], { cwd: ROOT, env: { ...process.env, ...env, REDIS_URL: undefined }, stdio: ['ignore', 'pipe', 'pipe'] } as never);
    let out = '';
    cli.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => cli.once('exit', (c) => resolve(c)));
    expect(code, out).toBe(0);
    const token = /#token=([\w-]+)/.exec(out)![1]!;
    expect((await fetch(`${node.url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    node.kill('SIGTERM');
    expect(await node.exited).toBe(0);
    // its URL (with the password) goes with it
    expect(existsSync(join(dataDir, 'redis', 'url'))).toBe(false);
  });

  it('a second start on a data dir whose redis-server is running stops with one line, and leaves that redis-server alone', async () => {
    const dataDir = tempDir();
    const env = await bareEnv(dataDir);
    const first = await startNode(env);
    nodes.push(first);
    const pid = Number(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8'));
    redisPids.push(pid);
    const { code, stderr } = await runToExit({ ...process.env, ...env, PORT: String(await freePort()), HOST: '127.0.0.1', OBZOR_DEMO: 'off' });
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n'), stderr).toEqual([`Obzor cannot start: a redis-server (pid ${pid}) is already running on ${join(dataDir, 'redis')} — another Obzor, or one left by an earlier run: stop it (kill ${pid}) or set REDIS_URL to use it`]);
    expect(alive(pid)).toBe(true);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    first.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(alive(pid)).toBe(false);
  });

  it('keeps its data across restarts on the same data dir', async () => {
    const dataDir = tempDir();
    const env = { ...(await bareEnv(dataDir)), OBZOR_ADMIN_LOGIN: 'boss', OBZOR_ADMIN_PASSWORD: 'a long admin password 123' };
    const first = await startNode(env);
    nodes.push(first);
    const login = () => fetch(`${first.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'boss', password: 'a long admin password 123' }) });
    const res = await login();
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    first.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    // the session made against the first redis-server is still good with the second (the AOF kept it)
    const second = await startNode(env);
    nodes.push(second);
    const me = await fetch(`${second.url}/api/v1/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ login: 'boss' });
    second.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('without redis-server on PATH: exits non-zero with one line naming what is missing and the fix, no stack trace', async () => {
    const dataDir = tempDir();
    const emptyPath = tempDir();
    const env: Record<string, string | undefined> = { ...process.env, ...(await bareEnv(dataDir)), PATH: emptyPath, PORT: String(await freePort()), OBZOR_DEMO: 'off' };
    const { code, stderr } = await runToExit(env);
    expect(code).not.toBe(0);
    const lines = stderr.trim().split('\n');
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^Obzor cannot start: Redis is not running on 127\.0\.0\.1:\d+ and redis-server is not installed: install it \(Debian\/Ubuntu: sudo apt-get install redis-server\) or set REDIS_URL=redis:\/\/host:6379$/);
    expect(stderr).not.toMatch(/\n\s+at |Error:/);
  });
});
