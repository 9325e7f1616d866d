/**
 * The built-in demo against the real server and Redis: a busy wall at once (the day so far
 * filled in), the same wall token after a restart, and nothing of an earlier run left ringing —
 * whether it stopped cleanly or was killed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/snapshot.js';
import { DEMO_ID_PREFIX } from '../../server/demo/call-centre-sim.js';
import { demoAgents } from '../../server/demo/demo-feed.js';
import { DEMO_SOURCE, startDemo, type RunningDemo } from '../../server/demo/start-demo.js';
import { deletePrefix, startTestApp, TEST_SITES, type TestApp } from '../helpers/start-app.js';
import { waitUntil } from '../helpers/wait-until.js';

const CONFIG = { sites: TEST_SITES, demoSpeed: 1 };
/** the demo's live traffic runs on the real clock: on a loaded machine (the whole suite, three files at a time) callers can take longer than 10 s to come */
const LIVE_TRAFFIC_MS = 40_000;
/** 40 minutes of the day so far: enough for a warm, busy wall, quick to fill */
const OPTS = { backfillMaxMs: 40 * 60_000, seed: 20250312 };

let apps: TestApp[] = [];
let demos: RunningDemo[] = [];
let prefixes: string[] = [];
afterEach(async () => {
  for (const d of demos) await d.feed.halt();
  for (const a of apps) await a.close();
  for (const p of prefixes) await deletePrefix(p);
  apps = [];
  demos = [];
  prefixes = [];
});

async function start(prefix?: string) {
  const app = await startTestApp({}, {}, { keepData: true, ...(prefix ? { prefix } : {}) });
  apps.push(app);
  if (!prefixes.includes(app.prefix)) prefixes.push(app.prefix);
  const demo = await startDemo(app, CONFIG, OPTS);
  demos.push(demo);
  return { app, demo };
}

async function snapshot(app: TestApp, token: string): Promise<Snapshot> {
  const res = await fetch(`${app.url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`snapshot: ${res.status}`);
  return (await res.json()) as Snapshot;
}

async function restart(app: TestApp) {
  await app.close();
  apps = apps.filter((a) => a !== app);
  return start(app.prefix);
}

const demoCalls = (s: Snapshot) => s.sites.flatMap((site) => site.calls.filter((c) => c.callId.startsWith(DEMO_ID_PREFIX)));

describe('the demo', () => {
  it('shows a busy centre at once: the day so far counted, operators at work, callers in the queues', async () => {
    const { app, demo } = await start();
    expect(demo.feed.backfilled).toBeGreaterThan(500);
    const s = await waitUntil(async () => {
      const snap = await snapshot(app, demo.token);
      return snap.sites.every((site) => site.today.offered > 20 && site.agents.length > 0) && demoCalls(snap).length > 0 && snap;
    }, 'a busy snapshot', LIVE_TRAFFIC_MS, 100);
    for (const [i, site] of s.sites.entries()) {
      expect(site.agents).toHaveLength(demoAgents(i));
      // at work, not all free: the rate depends on the real time (the demo's clock), so the share varies around 80 %
      expect(site.agents.filter((a) => ['ringing', 'on_call', 'wrap_up'].includes(a.state)).length).toBeGreaterThan(demoAgents(i) / 3);
    }
    // 20+ calls a site within a second of the start: the day so far, stamped in the past, came through the ingest
    expect(s.sites.flatMap((site) => site.callbacks).length).toBeGreaterThan(0);
  }, 60_000);

  it('after a clean stop and a restart: the same wall token works, nothing of the last run rings, the day is not counted twice', async () => {
    const first = await start();
    await waitUntil(async () => demoCalls(await snapshot(first.app, first.demo.token)).length > 0, 'callers in the queues', LIVE_TRAFFIC_MS, 100);
    await first.demo.stop();
    demos = demos.filter((d) => d !== first.demo);
    const stopped = await snapshot(first.app, first.demo.token);
    expect(demoCalls(stopped)).toEqual([]);
    for (const site of stopped.sites) expect(site.agents.every((a) => a.state === 'offline')).toBe(true);
    expect(await first.app.redis.hlen(first.app.keys.feedCalls(DEMO_SOURCE))).toBe(0);
    const offeredBefore = stopped.sites.map((site) => site.today.offered);

    const second = await restart(first.app);
    expect(second.demo.token).toBe(first.demo.token);
    // the gap since the last run, not the day again
    expect(second.demo.feed.backfilled).toBeLessThan(200);
    const s = await waitUntil(async () => {
      const snap = await snapshot(second.app, second.demo.token);
      return snap.sites.every((site) => site.agents.some((a) => a.state !== 'offline')) && snap;
    }, 'operators back at work', LIVE_TRAFFIC_MS, 100);
    s.sites.forEach((site, i) => expect(site.today.offered).toBeLessThan(offeredBefore[i]! + 30));
    expect((await second.app.displays.list()).filter((d) => !d.revokedAt && d.name === 'Демо-стена')).toHaveLength(1);
  }, 90_000);

  it('after a kill: the next start closes the calls it left waiting, ringing or in progress, through normal events', async () => {
    const first = await start();
    const left = await waitUntil(async () => {
      const snap = await snapshot(first.app, first.demo.token);
      const journal = await first.app.redis.hgetall(first.app.keys.feedCalls(DEMO_SOURCE));
      const answered = Object.entries(journal).filter(([, v]) => (JSON.parse(v) as { answered: boolean }).answered);
      return demoCalls(snap).length > 0 && answered.length > 0 && { waiting: demoCalls(snap), answered, journal };
    }, 'calls waiting and in progress', LIVE_TRAFFIC_MS, 100);
    await first.demo.feed.halt();
    demos = demos.filter((d) => d !== first.demo);
    // what the killed run left: still on the wall
    expect(demoCalls(await snapshot(first.app, first.demo.token)).length).toBeGreaterThan(0);

    const second = await restart(first.app);
    expect(second.demo.token).toBe(first.demo.token);
    expect(second.demo.feed.closed).toBeGreaterThanOrEqual(left.waiting.length + left.answered.length);
    const oldIds = new Set(Object.keys(left.journal));
    await waitUntil(async () => demoCalls(await snapshot(second.app, second.demo.token)).every((c) => !oldIds.has(c.callId)), 'the last run’s calls closed');
    const siteOf = (id: string) => (JSON.parse(left.journal[id]!) as { site: string }).site;
    for (const c of left.waiting) {
      const log = await second.app.redis.hget(second.app.keys.entity(siteOf(c.callId), 'call', c.callId), 'r');
      expect(log).toContain('"dropped"');
    }
    for (const [callId] of left.answered) {
      const log = await second.app.redis.hget(second.app.keys.entity(siteOf(callId), 'call', callId), 'r');
      expect(log).toContain('"reconciled"');
    }
  }, 90_000);
});
