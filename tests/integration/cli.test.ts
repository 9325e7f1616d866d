/**
 * The operator's CLI as an operator runs it: `node --import tsx server/cli/obzor.ts …` (what
 * `npm run obzor -- …` runs) as a child process on the test Redis, under its own key prefix.
 * Help for the entry point and each command; every error is exactly one line on stderr, no stack
 * frames, with its documented exit code; display:add and user:add --password-stdin work (the token
 * and the login are accepted by a running server); rebuild refuses while a server runs and works
 * with --force, and without it once nothing ingests.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../server/cli/obzor-commands.js';
import { Keys } from '../../server/store/keys.js';
import { answeredCall, ev } from '../helpers/event-factory.js';
import { freePort } from '../helpers/processes.js';
import { deletePrefix, loginAs, REDIS_URL, startTestApp, TEST_SITES, type TestApp } from '../helpers/start-app.js';
import { waitUntil } from '../helpers/wait-until.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LIVE = fileURLToPath(new URL('../fixtures/asterisk/live-22.10.1/queue_log', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let app: TestApp;
let dir: string;
let sitesFile: string;

/** `env`: over the test's own (REDIS_URL, the app's prefix, the test sites); `undefined` removes a variable */
function obzor(args: string[], opts: { input?: string; env?: Record<string, string | undefined> } = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, REDIS_URL, OBZOR_KEY_PREFIX: app.prefix, OBZOR_SITES_FILE: sitesFile, LOG_LEVEL: 'silent' };
  delete env.OBZOR_FEEDS;
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/obzor.ts', ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** exactly one line on stderr, no stack frame, nothing on stdout, the documented exit code */
function expectOneLineError(r: Run, code: number, line: string | RegExp): void {
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code, stdout: '' });
  expect(r.stderr.endsWith('\n')).toBe(true);
  const lines = r.stderr.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  if (typeof line === 'string') expect(lines[0]).toBe(line);
  else expect(lines[0]).toMatch(line);
}

beforeAll(async () => {
  app = await startTestApp();
  dir = mkdtempSync(join(tmpdir(), 'obzor-cli-'));
  sitesFile = join(dir, 'sites.json');
  writeFileSync(sitesFile, JSON.stringify(TEST_SITES));
}, 60_000);
afterAll(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm run obzor -- --help', () => {
  it('lists the commands, one line each', async () => {
    const r = await obzor(['--help']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c.name} +\\S`, 'm'));
    expect(r.stdout).toMatch(/^Exit codes: 0 done, 1 failed while running, 2 bad usage or input, 3 Redis not reachable, 4 refused/m);
  });

  it("each command's --help: usage, options, an example — without Redis", async () => {
    for (const c of COMMANDS) {
      const r = await obzor([c.name, '--help'], { env: { REDIS_URL: 'redis://127.0.0.1:1' } });
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      expect(r.stdout).toMatch(new RegExp(`^Usage: npm run obzor -- ${c.name}`));
      expect(r.stdout).toMatch(/^Options:$/m);
      expect(r.stdout).toMatch(new RegExp(`^  npm run obzor -- ${c.name}`, 'm'));
    }
  });
});

describe('errors: one line with the fix, and the exit code', () => {
  it('an unknown command or option (2)', async () => {
    expectOneLineError(await obzor(['display:add', '--foo']), 2, 'display:add: unknown option --foo; see npm run obzor -- display:add --help');
    expectOneLineError(await obzor(['displayadd']), 2, /^obzor: unknown command "displayadd" \(did you mean display:add\?\); the commands: /);
    expectOneLineError(await obzor([]), 2, /^obzor: which command\? /);
  });

  it('a missing file, a bad time zone, an unknown site (2)', async () => {
    expectOneLineError(await obzor(['import:queue-log', '/x/queue_log']), 2, 'import:queue-log: cannot read /x/queue_log: no such file — check the path');
    expectOneLineError(await obzor(['import:queue-log', dir]), 2, `import:queue-log: cannot read ${dir}: it is a directory — give the file in it`);
    expectOneLineError(
      await obzor(['import:queue-log', LIVE, '--time-zone', 'Asia/Sakalin']),
      2,
      'import:queue-log: --time-zone: unknown time zone "Asia/Sakalin" (did you mean Asia/Sakhalin?): expected an IANA name such as Asia/Sakhalin or Europe/Moscow',
    );
    expectOneLineError(
      await obzor(['display:add', '--name', 'Зал 9', '--sites', 'kholmsk,holmsk']),
      2,
      'display:add: --sites: unknown site "holmsk" (did you mean kholmsk?); the known sites: yuzhno-sakhalinsk, kholmsk (OBZOR_SITES_FILE)',
    );
    expectOneLineError(await obzor(['display:add', '--name', 'Зал 9', '--theme', 'pink']), 2, 'display:add: --theme: expected "dark" | "light" | "contrast", got string "pink"');
    expectOneLineError(await obzor(['rebuild'], { env: { OBZOR_SITES_FILE: join(dir, 'none.json') } }), 2, `rebuild: OBZOR_SITES_FILE: cannot read ${join(dir, 'none.json')}: no such file — check the path`);
  });

  it('Redis not reachable (3): which URL, from where, and what to do', async () => {
    const port = await freePort();
    expectOneLineError(await obzor(['rebuild'], { env: { REDIS_URL: `redis://127.0.0.1:${port}` } }), 3, `rebuild: cannot reach Redis at redis://127.0.0.1:${port} (REDIS_URL): ECONNREFUSED — is it running?`);
    // REDIS_URL unset: the default, and why a private redis-server of npm start is no help
    expectOneLineError(
      await obzor(['source:add', '--name', 'pbx-9'], { env: { REDIS_URL: undefined, OBZOR_REDIS_PROBE_PORT: String(port) } }),
      3,
      new RegExp(`^source:add: cannot reach Redis at redis://127\\.0\\.0\\.1:${port} \\(the default: REDIS_URL is unset\\): ECONNREFUSED — is it running\\? The commands need a shared Redis, in REDIS_URL or on 127\\.0\\.0\\.1:6379; `),
    );
  });

  it('user:add: a short password, an existing login (2)', async () => {
    expectOneLineError(await obzor(['user:add', '--login', 'shorty', '--role', 'duty', '--password-stdin'], { input: 'short\n' }), 2, 'user:add: the password has 5 characters, at least 12 are needed (read from stdin); nothing was created');
    expectOneLineError(await obzor(['user:add', '--login', 'admin', '--role', 'admin', '--password-stdin'], { input: 'another long password\n' }), 2, 'user:add: user admin already exists; nothing was changed');
    expectOneLineError(await obzor(['user:add', '--login', 'ivanova', '--role', 'boss']), 2, 'user:add: --role: expected one of wall, duty, manager, admin, got "boss"');
  });
});

describe('what they create works on a running server', () => {
  it('display:add prints a kiosk URL whose token the server accepts, with its layout', async () => {
    const r = await obzor(['display:add', '--name', 'Зал 1', '--sites', 'kholmsk', '--theme', 'light', '--text-scale', '1.25', '--base-url', 'https://obzor.example/']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const token = /^https:\/\/obzor\.example\/wall#token=(\S+)$/m.exec(r.stdout)?.[1];
    expect(token).toBeDefined();
    const res = await fetch(`${app.url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const display = (await app.displays.list()).find((d) => d.name === 'Зал 1');
    expect(display).toMatchObject({ sites: ['kholmsk'], layout: { theme: 'light', textScale: 1.25 } });
  });

  it('user:add --password-stdin creates a user who can sign in', async () => {
    const r = await obzor(['user:add', '--login', 'ivanova', '--role', 'manager', '--sites', 'kholmsk', '--password-stdin'], { input: 'a long enough password\n' });
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: 'created manager ivanova for kholmsk\n' });
    await expect(loginAs(app.url, 'ivanova', 'a long enough password')).resolves.toHaveProperty('cookie');
  });
});

describe('rebuild', () => {
  it('refuses while a server runs on this Redis (4), and rebuilds under it with --force', async () => {
    await app.post([...answeredCall('cli-rb-1'), ...answeredCall('cli-rb-2', undefined, 'kholmsk')]);
    // the server takes the push lease on its first tick
    await waitUntil(async () => (await app.redis.pttl(app.keys.push('leader'))) > 0, 'the push lease');
    expectOneLineError(await obzor(['rebuild']), 4, new RegExp(`^rebuild: refused: a server is running on this Redis \\(it holds the push lease ${app.prefix}\\{_\\}:push:leader\\) — stop every node first, then run rebuild again \\(or pass --force to rebuild under it\\)$`));
    const forced = await obzor(['rebuild', '--force']);
    expect({ code: forced.code, stderr: forced.stderr }).toEqual({ code: 0, stderr: '' });
    expect(forced.stdout).toMatch(/^rebuilding anyway \(--force\): a server is running/m);
    expect(forced.stdout).toMatch(/^yuzhno-sakhalinsk: 5 events replayed$/m);
    expect(forced.stdout).toMatch(/^kholmsk: 5 events replayed$/m);
  });

  it('with no server: refuses while a log was just written (an import), runs once it is quiet', async () => {
    const prefix = `obzor-test:${randomUUID().slice(0, 8)}:`;
    const keys = new Keys(prefix);
    const redis = new Redis(REDIS_URL);
    try {
      const [seconds] = await redis.time();
      const event = (id: string) => JSON.stringify(ev('agent.state', 0, { agentId: 'op-1', state: 'available' }, { id, site: 'kholmsk' }));
      // a minute ago, by Redis's clock: quiet
      await redis.xadd(keys.log('kholmsk'), `${Number(seconds) * 1000 - 60_000}-0`, 'e', event('cli-old'));
      const quiet = await obzor(['rebuild'], { env: { OBZOR_KEY_PREFIX: prefix } });
      expect({ code: quiet.code, stderr: quiet.stderr }).toEqual({ code: 0, stderr: '' });
      expect(quiet.stdout).toMatch(/^kholmsk: 1 events replayed$/m);
      // just now
      await redis.xadd(keys.log('kholmsk'), '*', 'e', event('cli-new'));
      expectOneLineError(await obzor(['rebuild'], { env: { OBZOR_KEY_PREFIX: prefix } }), 4, /^rebuild: refused: the event log of kholmsk was written \d+ s ago: an import or a server is still ingesting — let it finish or stop it, then /);
    } finally {
      redis.disconnect();
      await deletePrefix(prefix);
    }
  });
});

describe('import:queue-log', () => {
  it("prints its period in the site's time zone", async () => {
    const prefix = `obzor-test:${randomUUID().slice(0, 8)}:`;
    try {
      const r = await obzor(['import:queue-log', LIVE, '--site', 'kholmsk'], { env: { OBZOR_KEY_PREFIX: prefix } });
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      // the run was at 19:58–20:20 Sakhalin time (TEST_SITES: Asia/Sakhalin, the default)
      expect(r.stdout).toMatch(/^period {20}\d{4}-\d\d-\d\d (19:5\d|20:[0-2]\d):\d\d \+11:00 … \d{4}-\d\d-\d\d 20:[0-2]\d:\d\d \+11:00 \(Asia\/Sakhalin\)$/m);
    } finally {
      await deletePrefix(prefix);
    }
  });
});
