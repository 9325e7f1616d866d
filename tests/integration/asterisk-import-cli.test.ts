/**
 * `npm run import:queue-log` as an operator runs it (a child process on the real Redis): with
 * `--feed NAME` it maps the file as that live feed does (lines, queues, member names), and an
 * old file puts nobody in a queue and nobody on the wall.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obzorFigures } from '../helpers/asterisk-replay.js';
import { REDIS_URL, startTestApp, TEST_SITES, type TestApp } from '../helpers/start-app.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LIVE = fileURLToPath(new URL('../fixtures/asterisk/live-22.10.1/queue_log', import.meta.url));
const PBXWARE = fileURLToPath(new URL('../fixtures/asterisk/pbxware-2018.queue_log', import.meta.url));

let app: TestApp;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  app = await startTestApp();
  dir = mkdtempSync(join(tmpdir(), 'obzor-import-cli-'));
  const sites = join(dir, 'sites.json');
  writeFileSync(sites, JSON.stringify(TEST_SITES));
  const feeds = join(dir, 'feeds.json');
  writeFileSync(
    feeds,
    JSON.stringify([
      { type: 'queue_log', name: 'pbx-main', site: 'yuzhno-sakhalinsk', path: '/var/log/asterisk/queue_log', lineByQueue: { hotline: 'hotline' } },
      // its secret is not set here: an import needs the mapping only
      { type: 'ami', name: 'pbx-kholmsk', site: 'kholmsk', host: '10.0.0.5', username: 'obzor', secretEnv: 'OBZOR_TEST_UNSET_SECRET', queueMap: { IT: 'support' } },
    ]),
  );
  env = { ...process.env, REDIS_URL, OBZOR_KEY_PREFIX: app.prefix, OBZOR_SITES_FILE: sites, OBZOR_FEEDS: feeds, LOG_LEVEL: 'silent' };
  delete env.OBZOR_TEST_UNSET_SECRET;
  // the member names the site's AMI feed learned (feeds:members:<site>)
  await app.redis.hset(app.keys.feedsMembers('yuzhno-sakhalinsk'), 'Иван Петров', 'Local/1001@agents/n', 'Мария Смирнова', 'Local/1002@agents/n', 'Paty Marin', 'Local/1003@agents/n', 'Олег Ким', 'Local/1007@agents/n');
}, 60_000);
afterAll(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'server/cli/obzor.ts', 'import:queue-log', ...args], { cwd: ROOT, env, timeout: 60_000 });

describe('npm run import:queue-log', () => {
  it('--feed NAME: the live feed\'s lines, queues and member names; operators and callers older than an hour stay off the wall', async () => {
    const { stdout } = await cli(LIVE, '--feed', 'pbx-main');
    expect(stdout).toMatch(/as feed pbx-main maps it/);
    expect(stdout).toMatch(/operator states, too old\s+\d+/);
    const f = await obzorFigures(app.redis, app.keys, 'yuzhno-sakhalinsk');
    // the run was at 19:58–20:20 Sakhalin, after hours: hotline calls on the hotline line, billing's on the direct one
    expect(f.site).toMatchObject({ offered: 207, hotlineWhileClosed: 152, directWhileClosed: 55 });
    expect(f.agents).toEqual([]);
    expect(f.calls).toEqual([]);
    // operators by their interface: rings past 3 of Иван Петров are 1001's
    const ag = Object.keys(Object.assign({}, ...(await Promise.all((await app.redis.keys(`${app.keys.site('yuzhno-sakhalinsk')}ctr:*`)).map((k) => app.redis.hgetall(k)))))).filter((k) => k.startsWith('ag|'));
    expect(ag.some((k) => /ivan|mariia|paty|oleg/.test(k))).toBe(false);
  });

  it('an old file with calls still open when it ends shows nobody waiting (closed as reconciled)', async () => {
    const { stdout } = await cli(PBXWARE, '--feed', 'pbx-kholmsk');
    expect(stdout).toMatch(/open calls, too old\s+4 /);
    const f = await obzorFigures(app.redis, app.keys, 'kholmsk');
    expect(f.byQueue.get('support')).toMatchObject({ offered: 108, answered: 93 });
    expect(f.calls).toEqual([]);
    expect(f.agents).toEqual([]);
  });

  it('refuses a feed that is not in OBZOR_FEEDS, naming the ones that are', async () => {
    await expect(cli(LIVE, '--feed', 'nope')).rejects.toMatchObject({ stderr: expect.stringMatching(/--feed: expected one of pbx-main, pbx-kholmsk, got "nope"/) });
  });
});
