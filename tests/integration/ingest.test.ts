import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answeredCall, ev, T0 } from '../helpers/event-factory.js';
import { dumpState, startTestApp, type TestApp } from '../helpers/start-app.js';
import { bucketOf } from '../../shared/buckets.js';
import { sumCounters } from '../../server/domain/day-totals.js';
import { Keys } from '../../server/store/keys.js';
import { scanKeys } from '../../server/store/scan-keys.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const snapshot = async () => (await app.wallFetch('/api/v1/snapshot')).json();

describe('POST /api/v1/events', () => {
  it('accepts the valid events of a batch and rejects the bad one with a precise error, changing nothing for it', async () => {
    const good = answeredCall('batch-1');
    const bad = { ...ev('call.offered', 5, { callId: 'batch-1', agentId: 'op-1' }), agentId: 42 };
    const before = await dumpState(app.redis, app.prefix);
    const onlyBad = await app.post([bad]);
    expect(onlyBad.status).toBe(200);
    expect(onlyBad.json.results).toEqual([{ id: bad.id, status: 'rejected', error: 'agentId: expected string, got number 42' }]);
    expect(await dumpState(app.redis, app.prefix)).toEqual(before);

    const res = await app.post([good[0], bad, ...good.slice(1)]);
    expect(res.status).toBe(200);
    expect(res.json.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'rejected', 'accepted', 'accepted', 'accepted', 'accepted']);
    const counted = sumCounters([await app.redis.hgetall(app.keys.counters('yuzhno-sakhalinsk', bucketOf(T0)))]).byQueue.get('hotline');
    expect(counted).toMatchObject({ offered: 1, ringsPast3: 0 });
  });

  it('names unknown types, unknown sites, bad timestamps and future events', async () => {
    const res = await app.post([
      { id: 'x-1', type: 'call.teleported', at: new Date().toISOString(), site: 'yuzhno-sakhalinsk' },
      { ...ev('call.abandoned', 0, { callId: 'x' }), site: 'moon-base' },
      { ...ev('call.abandoned', 0, { callId: 'x' }), at: '25.11.2026 09:00' },
      { ...ev('call.abandoned', 0, { callId: 'x' }), at: new Date(Date.now() + 10 * 60_000).toISOString() },
      ev('appeal.registered', 0, { appealId: 'a-legal', channel: 'interactive', clientType: 'legal' }),
      'not an event',
    ]);
    const errors = res.json.results.map((r: { error: string }) => r.error);
    expect(errors[0]).toMatch(/^type: expected a known event type, got string "call.teleported"/);
    expect(errors[1]).toBe('site: expected one of yuzhno-sakhalinsk, kholmsk, got string "moon-base"');
    expect(errors[2]).toMatch(/^at: expected .*RFC 3339.*, got string "25.11.2026 09:00"/);
    expect(errors[3]).toMatch(/^at: expected a time from .* \(400 days of history kept\) to .*, got "/);
    expect(errors[4]).toMatch(/^channel: .*N14/);
    expect(errors[5]).toBe('(event): expected object, got string "not an event"');
    expect(res.json.results.every((r: { status: string }) => r.status === 'rejected')).toBe(true);
  });

  it('reports duplicates by id, across requests and inside one, and changes nothing', async () => {
    const events = answeredCall('dup-1', T0 + 3600_000);
    expect((await app.post(events)).json.results.every((r: { status: string }) => r.status === 'accepted')).toBe(true);
    const before = await dumpState(app.redis, app.prefix);
    const again = await app.post([...events, events[0]]);
    expect(again.json.results.map((r: { status: string }) => r.status)).toEqual(Array(6).fill('duplicate'));
    expect(await dumpState(app.redis, app.prefix)).toEqual(before);
    const fresh = ev('call.abandoned', 1, { callId: 'dup-2' });
    const inOne = await app.post([fresh, fresh]);
    expect(inOne.json.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'duplicate']);
  });

  it('answers 400 for a body that is not JSON or not an object/array, 413 past 1,000 events', async () => {
    expect((await app.post('{"id": ')).status).toBe(400);
    const scalar = await app.post('"hello"');
    expect(scalar.status).toBe(400);
    expect(scalar.json.error).toMatch(/expected an event object or an array/);
    const big = Array.from({ length: 1001 }, (_, i) => ev('call.abandoned', 0, { callId: `big-${i}` }));
    expect((await app.post(big)).status).toBe(413);
    expect((await app.post([])).json).toEqual({ results: [] });
  });

  it('shows a waiting call in the snapshot and removes it once answered', async () => {
    const now = Date.now() - 30_000;
    const [queued, offered, answered] = answeredCall('live-1', now);
    await app.post([queued]);
    let snap = await snapshot();
    const site = snap.sites.find((s: { site: string }) => s.site === 'yuzhno-sakhalinsk');
    expect(site.calls).toContainEqual(expect.objectContaining({ callId: 'live-1', state: 'waiting', queue: 'hotline', since: now }));
    expect(site.queues.find((q: { queue: string }) => q.queue === 'hotline')).toMatchObject({ waiting: 1, oldestSince: now });
    await app.post([offered, answered]);
    snap = await snapshot();
    expect(snap.sites[0].calls.find((c: { callId: string }) => c.callId === 'live-1')).toBeUndefined();
    expect(snap.sites[0].today.answered).toBeGreaterThanOrEqual(1);
  });
});

describe('ingest lag', () => {
  it('reports how far behind its own clock a feed delivers, in the screens’ health and /metrics (not on the anonymous /readyz)', async () => {
    const at = Date.now() - 90_000;
    const [queued] = answeredCall('lag-1', at);
    expect((await app.post([queued])).json.results[0].status).toBe('accepted');
    expect(await (await fetch(`${app.url}/readyz`)).text()).not.toContain('test-feed');
    const feed = (await app.hub.health()).feeds.find((f) => f.source === 'test-feed');
    expect(feed?.lagMs).toBeGreaterThanOrEqual(90_000);
    expect(feed?.lagMs).toBeLessThan(120_000);
    const admin = await app.login('admin');
    const metrics = await (await admin.fetch('/metrics')).text();
    expect(metrics).toMatch(/^obzor_feed_lag_seconds\{source="test-feed"\} (9\d|1[01]\d)(\.\d+)?$/m);
  });
});

describe('when Redis is unavailable', () => {
  it('answers 503 with Retry-After and applies nothing', async () => {
    const other = await startTestApp();
    try {
      other.redis.disconnect(false);
      const res = await other.post(answeredCall('down-1'));
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.json.error).toMatch(/^store unavailable/);
      const keys: string[] = [];
      for await (const batch of scanKeys(app.redis, new Keys(other.prefix).allPattern())) keys.push(...batch);
      expect(keys).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
