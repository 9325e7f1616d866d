/**
 * The feeds of OBZOR_FEEDS in the real server: what screens are told of a queue_log follower
 * (its site, that it cannot see rings, connected only while its file is there), and a PBX
 * restart written as QUEUESTART — the calls it had are closed as reconciled and the time it
 * was down is a gap in history, not invented figures.
 */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obzorFigures } from '../helpers/asterisk-replay.js';
import { startTestApp, type TestApp } from '../helpers/start-app.js';
import { waitUntil } from '../helpers/wait-until.js';

const SITE = 'yuzhno-sakhalinsk';
let app: TestApp;
let dir: string;
let path: string;
const t0 = Math.floor(Date.now() / 1000) - 600;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'obzor-feeds-'));
  path = join(dir, 'queue_log');
  const feeds = join(dir, 'feeds.json');
  writeFileSync(feeds, JSON.stringify([{ type: 'queue_log', name: 'pbx-kholmsk', site: SITE, path, pollMs: 100 }]));
  app = await startTestApp({}, { OBZOR_FEEDS: feeds });
}, 60_000);
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const feed = async () => (await app.hub.health()).feeds.find((f) => f.source === 'pbx-kholmsk');

describe('a queue_log follower in the server', () => {
  it('says which site it feeds, that it cannot see rings, and is connected only while its file is there', async () => {
    await waitUntil(async () => (await feed())?.site === SITE, 'feed info');
    expect(await feed()).toMatchObject({ site: SITE, kind: 'queue_log', seesRings: false, connected: false });
    writeFileSync(path, `${t0}|NONE|NONE|NONE|QUEUESTART|\n${t0 + 1}|MANAGER|hotline|Local/1001@agents/n|ADDMEMBER|\n`);
    await waitUntil(async () => (await feed())?.connected === true, 'connected once the file is read');
  });

  it('a PBX restart (QUEUESTART) closes the calls it had in progress as reconciled, frees their operators, and marks the gap', async () => {
    appendFileSync(
      path,
      [
        `${t0 + 10}|1.1|hotline|NONE|ENTERQUEUE||79140000001|1`,
        `${t0 + 12}|1.2|hotline|NONE|ENTERQUEUE||79140000002|2`,
        `${t0 + 15}|1.2|hotline|Local/1001@agents/n|CONNECT|3|1.3|2`,
        // Asterisk killed here: nothing written for 5 minutes, then it starts again
        `${t0 + 320}|NONE|NONE|NONE|QUEUESTART|`,
        '',
      ].join('\n'),
    );
    await waitUntil(async () => (await feed())?.lastGap, 'the gap reported');
    expect((await feed())!.lastGap).toEqual({ from: (t0 + 15) * 1000, to: (t0 + 320) * 1000 });
    const f = await waitUntil(async () => {
      const x = await obzorFigures(app.redis, app.keys, SITE);
      return x.calls.length === 0 && x.agents.find((a) => a.agentId === '1001')?.state === 'available' ? x : undefined;
    }, 'the calls of the stopped PBX closed');
    expect(f.site).toMatchObject({ offered: 2, answered: 1, abandoned: 0, ended: 0, handleN: 0 });

    const manager = await app.login('manager');
    const res = await manager.fetch(`/api/v1/history?site=${SITE}&from=${new Date((t0 - 900) * 1000).toISOString()}&to=${new Date((t0 + 900) * 1000).toISOString()}`);
    expect(res.status).toBe(200);
    expect((await res.json()).feedGaps).toEqual([{ source: 'pbx-kholmsk', from: (t0 + 15) * 1000, to: (t0 + 320) * 1000 }]);
  });
});
