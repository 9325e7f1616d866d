/**
 * Issue 16, item 2 through the real API on a real Redis: a queue's operators, today's handling time
 * and its waiting callers give each caller's remaining wait and a joining caller's, by Ibrahim &
 * Whitt's estimator (without abandons: (j + 1) · AHT / n); and the snapshot's foresight of the queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictedWaitResponse } from '../../shared/api.js';
import { answeredCall, ev, T0 } from '../helpers/event-factory.js';
import { startTestApp, type Session, type TestApp } from '../helpers/start-app.js';

const SITE = 'yuzhno-sakhalinsk';
let app: TestApp;
let duty: Session;

beforeAll(async () => {
  // a fixed late morning, so "today" holds the earlier calls whatever the hour the test runs
  const now = T0 + 2 * 3_600_000;
  app = await startTestApp({ clock: () => now });
  duty = await app.login('duty');
  const o = { base: now - 30_000 };
  // two calls of 5 min (answer → end) earlier today; three operators of the hotline, one of them paused; two callers waiting
  const events = [
    ...answeredCall('pw-1', T0),
    ...answeredCall('pw-2', T0 + 600_000),
    ev('agent.state', 0, { agentId: 'op-1', state: 'available', queues: ['hotline'] }, o),
    ev('agent.state', 0, { agentId: 'op-2', state: 'on_call', queues: ['hotline'] }, o),
    ev('agent.state', 0, { agentId: 'op-3', state: 'wrap_up', queues: ['hotline'] }, o),
    ev('agent.state', 0, { agentId: 'op-4', state: 'paused', queues: ['hotline'] }, o),
    ev('call.queued', 5, { callId: 'pw-w1', queue: 'hotline', line: 'hotline' }, o),
    ev('call.queued', 20, { callId: 'pw-w2', queue: 'hotline', line: 'hotline' }, o),
  ];
  const res = await app.post(events);
  expect(res.json.results.filter((r: { status: string }) => r.status !== 'accepted')).toEqual([]);
});
afterAll(async () => {
  await app?.close();
});

describe('predicted wait', () => {
  it('gives each waiting caller and a joining one their expected wait', async () => {
    const res = await duty.fetch(`/api/v1/queues/${SITE}/hotline/predicted-wait`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as PredictedWaitResponse;
    expect(body).toMatchObject({ site: SITE, queue: 'hotline', staffed: 3, waiting: 2, ahtSec: 300, estimator: 'ibrahim-whitt-ql' });
    expect(body.patienceSec).toBeUndefined();
    // n·μ = 3 / 300 s: one place forward every 100 s
    expect(body.calls.map((c) => [c.callId, c.position, c.remaining?.expectedSec])).toEqual([
      ['pw-w1', 1, 100],
      ['pw-w2', 2, 200],
    ]);
    expect(body.joining).toEqual({ expectedSec: 300, lowSec: Math.round(300 - Math.sqrt(3) * 100), highSec: Math.round(300 + Math.sqrt(3) * 100) });
    expect(body.calls.map((c) => c.waitedSec)).toEqual([25, 10]);
  });

  it('is in the snapshot as the queue’s foresight', async () => {
    const snap = await (await duty.fetch('/api/v1/snapshot')).json();
    const q = snap.sites.find((s: { site: string }) => s.site === SITE).queues.find((x: { queue: string }) => x.queue === 'hotline');
    expect(q.foresight).toMatchObject({ staffed: 3, ahtSec: 300, model: 'erlang-c', joinWait: { expectedSec: 300 } });
    expect(q.foresight.needed).toBeGreaterThanOrEqual(0);
    expect(q.foresight.short).toBe(Math.max(0, q.foresight.needed - 3));
  });

  it('refuses what it cannot answer, in words', async () => {
    expect((await duty.fetch(`/api/v1/queues/${SITE}/nowhere/predicted-wait`)).status).toBe(404);
    expect((await duty.fetch(`/api/v1/queues/atlantis/hotline/predicted-wait`)).status).toBe(404);
    expect((await fetch(`${app.url}/api/v1/queues/${SITE}/hotline/predicted-wait`)).status).toBe(401);
  });
});
