/**
 * Issue 16: lost calls to call back, end to end on real Redis, HTTP and Socket.IO — an abandoned
 * call becomes an entry with its target; the console marks it (role, CSRF, validation, retries);
 * walls see the count but never the number (N6), checked on the wire.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket.js';
import { apiPath } from '../../shared/api.js';
import { ev } from '../helpers/event-factory.js';
import { ScreenFollower } from '../helpers/screen-follower.js';
import { startTestApp, WALL_TOKEN, type Session, type TestApp } from '../helpers/start-app.js';
import { waitUntil } from '../helpers/wait-until.js';

/** a Wednesday, 10:00 Sakhalin: the N11 window (09:00–17:30) is open; the clock runs on from here */
const START = Date.parse('2026-11-18T10:00:00+11:00');
const BASE = START - 30 * 60_000;
const PHONE = '+7 914 765-43-21';
const site = 'yuzhno-sakhalinsk';

let app: TestApp;
let manager: Session;
let duty: Session;
let wall: Socket<ServerToClientEvents, ClientToServerEvents>;
let wallScreen: ScreenFollower;
const frames: string[] = [];

beforeAll(async () => {
  const shift = START - Date.now();
  app = await startTestApp({ clock: () => Date.now() + shift });
  manager = await app.login('manager');
  duty = await app.login('duty');
  wall = connect(app.url, { transports: ['websocket'], auth: { token: WALL_TOKEN } });
  wall.onAny((event: string, payload: unknown) => frames.push(`${event} ${JSON.stringify(payload)}`));
  wallScreen = new ScreenFollower(wall);
  await new Promise((r) => wall.once('snapshot', r));
  const o = { base: BASE };
  const res = await app.post([
    ev('call.queued', 0, { callId: 'lost-1', queue: 'billing', line: 'hotline', client: { phone: PHONE } }, o),
    ev('call.abandoned', 45, { callId: 'lost-1', reason: 'caller' }, o),
    // a short abandon (2 s < 5 s): not to call back
    ev('call.queued', 60, { callId: 'short-1', queue: 'billing', line: 'hotline', client: { phone: '+7 914 000-00-02' } }, o),
    ev('call.abandoned', 62, { callId: 'short-1', reason: 'caller' }, o),
    // the lost caller tries again, the number written another way: a repeat caller
    ev('call.queued', 300, { callId: 'again-1', queue: 'hotline', line: 'hotline', client: { phone: '8 914 765 43 21' } }, o),
    ev('call.answered', 310, { callId: 'again-1', agentId: 'op-1' }, o),
  ]);
  expect(res.status).toBe(200);
});
afterAll(async () => {
  wall?.close();
  await app?.close();
});

const markPath = (callId: string) => apiPath('lostCallBack', { site, callId });

describe('lost calls to call back', () => {
  // the caller got through on a later call (again-1): a hint, the entry stays until someone marks it
  it('the console gets the entry with number, target and state; the short abandon is not one', async () => {
    const snap = await (await manager.fetch('/api/v1/snapshot')).json();
    const s = snap.sites.find((x: { site: string }) => x.site === site);
    expect(s.lostCalls).toEqual([
      { callId: 'lost-1', queue: 'billing', abandonedAt: BASE + 45_000, waitedSec: 45, attempts: 0, client: { phone: PHONE }, dueAt: BASE + 45_000 + 2 * 3_600_000, state: 'ok', servedAgainAt: BASE + 300_000 },
    ]);
    expect(s.queues.find((q: { queue: string }) => q.queue === 'billing').lostToCallBack).toBe(1);
  });

  it('repeat callers: the console gets the caller with the number, the queues their count', async () => {
    const s = (await (await manager.fetch('/api/v1/snapshot')).json()).sites.find((x: { site: string }) => x.site === site);
    expect(s.repeatCallers).toEqual([{ calls: 2, firstAt: BASE, lastAt: BASE + 300_000, queues: ['billing', 'hotline'], callIds: ['lost-1', 'again-1'], client: { phone: PHONE } }]);
    expect(s.queues.map((q: { queue: string; repeatCallers: number }) => [q.queue, q.repeatCallers])).toEqual([['billing', 1], ['hotline', 1]]);
    const d = (await (await duty.fetch('/api/v1/snapshot')).json()).sites.find((x: { site: string }) => x.site === site);
    expect(d.repeatCallers).toEqual([]);
  });

  it('the duty view and the wall get the entry without the number, on the wire too', async () => {
    const dutySnap = JSON.stringify(await (await duty.fetch('/api/v1/snapshot')).json());
    expect(dutySnap).toContain('lost-1');
    expect(dutySnap).not.toContain('765-43-21');
    await waitUntil(() => wallScreen.states.get(site)?.lostCalls?.some((l) => l.callId === 'lost-1') === true, 'the wall sees the lost call');
    expect(wallScreen.states.get(site)!.lostCalls![0]).not.toHaveProperty('client');
  });

  it('refuses the duty role, a missing CSRF token, a wrong outcome (path, expected, got) and an unknown call', async () => {
    expect((await duty.fetch(markPath('lost-1'), { method: 'POST', json: { outcome: 'reached' } })).status).toBe(403);
    const noCsrf = await fetch(`${app.url}${markPath('lost-1')}`, { method: 'POST', headers: { cookie: manager.cookie, 'content-type': 'application/json' }, body: '{"outcome":"reached"}' });
    expect(noCsrf.status).toBe(403);
    const bad = await manager.fetch(markPath('lost-1'), { method: 'POST', json: { outcome: 'maybe' } });
    expect(bad.status).toBe(400);
    const text = JSON.stringify(await bad.json());
    expect(text).toContain('outcome');
    expect(text).toMatch(/reached/);
    expect(text).toContain('maybe');
    expect((await manager.fetch(markPath('short-1'), { method: 'POST', json: { outcome: 'reached' } })).status).toBe(404);
    expect((await manager.fetch(markPath('nobody'), { method: 'POST', json: { outcome: 'reached' } })).status).toBe(404);
  });

  it('not reached keeps the entry with an attempt; reached closes it, once (a retried click is a duplicate)', async () => {
    const attempt = await manager.fetch(markPath('lost-1'), { method: 'POST', json: { outcome: 'not_reached' } });
    expect(await attempt.json()).toEqual({ status: 'applied', open: true, attempts: 1 });
    const headers = { 'idempotency-key': 'click-1' };
    const done = await manager.fetch(markPath('lost-1'), { method: 'POST', headers, json: { outcome: 'reached' } });
    expect(await done.json()).toEqual({ status: 'applied', open: false, attempts: 1 });
    const retry = await manager.fetch(markPath('lost-1'), { method: 'POST', headers, json: { outcome: 'reached' } });
    expect(await retry.json()).toMatchObject({ status: 'duplicate', open: false });
    expect((await manager.fetch(markPath('lost-1'), { method: 'POST', json: { outcome: 'reached' } })).status).toBe(409);
    await waitUntil(() => wallScreen.states.get(site)?.lostCalls?.length === 0, 'the wall sees the list empty');
    // the mark is in the site's log with who made it (the audit trail of the console's actions)
    const log = await app.redis.xrange(`${app.prefix}{${site}}:log`, '-', '+');
    const marks = log.map(([, f]) => JSON.parse(f[1]!)).filter((e) => e.type === 'call.lost_called_back');
    expect(marks.map((e) => [e.outcome, e.actor])).toEqual([['not_reached', 'manager'], ['reached', 'manager']]);
  });

  it('an entry nobody handled leaves the list and its live table after the kept week (counted as not called back)', async () => {
    const old = { base: START - 7 * 86_400_000 - 3_600_000 };
    expect((await app.post([ev('call.queued', 0, { callId: 'old-1', queue: 'billing', line: 'hotline' }, old), ev('call.abandoned', 30, { callId: 'old-1' }, old)])).status).toBe(200);
    const table = `${app.prefix}{${site}}:live:lostCalls`;
    const snap = await (await manager.fetch('/api/v1/snapshot')).json();
    expect(JSON.stringify(snap)).not.toContain('old-1');
    await waitUntil(async () => (await app.redis.hexists(table, 'old-1')) === 0, 'the reader removes the expired entry');
  });

  it('no frame a wall received held the caller number', () => {
    const all = frames.join('\n');
    expect(all).toContain('lost-1');
    expect(all).not.toContain('765-43-21');
    expect(all).not.toContain('765 43 21');
    expect(all).not.toContain('000-00-02');
    expect(all).not.toMatch(/"client"/);
  });
});
