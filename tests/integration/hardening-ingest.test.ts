/**
 * Issue 12: one bad event or entity never freezes the screens or fails its batch; retries of a
 * console action are scoped; data-named keys are safe; the apply script never half-writes.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObzorEvent } from '../../shared/events.js';
import type { Snapshot } from '../../shared/snapshot.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket.js';
import { ScreenFollower } from '../helpers/screen-follower.js';
import { SiteConfig } from '../../server/domain/sites.js';
import { bucketOf } from '../../shared/buckets.js';
import { queueCounterField } from '../../shared/counters.js';
import { isStoreUnavailable } from '../../server/store/store-errors.js';
import { ev } from '../helpers/event-factory.js';
import { startTestApp, TEST_SITES, WALL_TOKEN, type TestApp } from '../helpers/start-app.js';
import { waitUntil } from '../helpers/wait-until.js';

// okha counts its callback window in working days: the calendar code meets every due time there
const OKHA = SiteConfig.parse({ id: 'okha', name: { ru: 'Оха', en: 'Okha' }, norms: { callbackWindow: { hours: '09:00-17:30', days: 'working' } } });

let app: TestApp;
const sockets: Socket[] = [];
beforeAll(async () => {
  app = await startTestApp({ sites: [...TEST_SITES, OKHA] });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await app?.close();
});

const recent = () => Date.now() - 120_000;

async function snapshot(): Promise<{ status: number; body: Snapshot }> {
  const res = await app.wallFetch('/api/v1/snapshot');
  return { status: res.status, body: (await res.json()) as Snapshot };
}

function wall(sites: string): Socket<ServerToClientEvents, ClientToServerEvents> {
  const s: Socket<ServerToClientEvents, ClientToServerEvents> = connect(app.url, { transports: ['websocket'], query: { sites }, auth: { token: WALL_TOKEN } });
  sockets.push(s);
  return s;
}

describe('times the contract accepts', () => {
  it('refuses due times outside 2000-01-01 … now + 2 years and `at` outside the history horizon, naming the window', async () => {
    const base = recent();
    const o = { base, site: 'okha' };
    const bad: ObzorEvent[] = [
      ev('call.callback_promised', 0, { callId: 'cb-0099', dueAt: '0099-06-01T10:00:00Z' }, o),
      ev('call.callback_promised', 0, { callId: 'cb-9999', dueAt: '9999-12-31T10:00:00Z' }, o),
      ev('appeal.callback_scheduled', 0, { appealId: 'ap-9999', dueAt: '9999-01-01T00:00:00Z' }, o),
      ev('appeal.registered', 0, { appealId: 'ap-0099', channel: 'answering_machine', clientType: 'individual', dueAt: '0099-01-01T00:00:00Z' }, o),
      { ...ev('call.queued', 0, { callId: 'old', queue: 'hotline', line: 'direct' }, o), at: '0050-01-01T00:00:00Z' },
      { ...ev('call.queued', 0, { callId: 'stale', queue: 'hotline', line: 'hotline' }, o), at: new Date(Date.now() - 401 * 86_400_000).toISOString() },
    ];
    const { status, json } = await app.post(bad);
    expect(status).toBe(200);
    expect(json.results.map((r: { status: string }) => r.status)).toEqual(bad.map(() => 'rejected'));
    expect(json.results[0].error).toMatch(/^dueAt: expected a time from 2000-01-01T00:00:00Z .* to 20\d\d-.*, got "0099-06-01T10:00:00Z"$/);
    expect(json.results[4].error).toMatch(/^at: expected a time from .*, got "0050-01-01T00:00:00Z"$/);
    expect(json.results[5].error).toMatch(/400 days of history kept/);
    const snap = await snapshot();
    expect(snap.status).toBe(200);
    expect(snap.body.sites.find((s) => s.site === 'okha')!.callbacks).toEqual([]);
  });

  it('a batch of 1,000 with events of year 0050 beside valid ones answers 200: the bad ones rejected, the rest applied', async () => {
    const base = recent();
    const batch = Array.from({ length: 1000 }, (_, i) => {
      const e = ev('call.queued', 0, { callId: `b-${i}`, queue: 'hotline', line: i % 2 ? 'direct' : 'hotline' }, { base, site: i % 3 ? 'okha' : 'kholmsk' });
      return i % 10 === 0 ? { ...e, at: '0050-03-01T09:00:00+11:00' } : e;
    });
    const { status, json } = await app.post(batch);
    expect(status).toBe(200);
    const by = (s: string) => json.results.filter((r: { status: string }) => r.status === s).length;
    expect([by('accepted'), by('rejected')]).toEqual([900, 100]);
  });
});

describe('one bad entity never stops the push', () => {
  it('skips a live entry that cannot be computed, counts it, and every other entry and site still goes out', async () => {
    const base = recent();
    await app.post([
      ev('call.callback_promised', 0, { callId: 'good-cb', dueAt: new Date(Date.now() + 3600_000).toISOString() }, { base, site: 'okha' }),
      ev('call.queued', 0, { callId: 'kh-1', queue: 'hotline', line: 'hotline' }, { base, site: 'kholmsk' }),
    ]);
    // what an old version let in, or a hand edit: a due time in year 9999, and an entry that is not JSON
    await app.redis.hset(app.keys.live('okha', 'callbacks'), 'call:ancient', JSON.stringify({ ref: 'call:ancient', kind: 'call', dueAt: Date.parse('9999-12-31T10:00:00Z') }));
    await app.redis.hset(app.keys.live('okha', 'calls'), 'garbled', '{not json');
    const { status, body } = await snapshot();
    expect(status).toBe(200);
    const okha = body.sites.find((s) => s.site === 'okha')!;
    expect(okha.callbacks.map((c) => c.ref)).toEqual(['call:good-cb']);
    expect(body.sites.find((s) => s.site === 'kholmsk')!.calls.map((c) => c.callId)).toContain('kh-1');

    // updates keep flowing for that site and the others
    const s = wall('okha,kholmsk');
    const screen = new ScreenFollower(s);
    await new Promise<void>((resolve) => s.once('snapshot', () => resolve()));
    await app.post([
      ev('call.queued', 1, { callId: 'okha-after', queue: 'hotline', line: 'hotline' }, { base, site: 'okha' }),
      ev('call.queued', 1, { callId: 'kh-after', queue: 'hotline', line: 'hotline' }, { base, site: 'kholmsk' }),
    ]);
    await waitUntil(() => screen.sawCall('okha-after', 'okha'), 'an okha update');
    await waitUntil(() => screen.sawCall('kh-after', 'kholmsk'), 'a kholmsk update');

    const metrics = await (await app.login('admin')).fetch('/metrics');
    const text = await metrics.text();
    expect(text).toMatch(/obzor_state_bad_entries\{site="okha"\} 2/);
    expect(text).toMatch(/obzor_state_entries_skipped_total\{site="okha"\} [1-9]/);
    await app.redis.hdel(app.keys.live('okha', 'callbacks'), 'call:ancient');
    await app.redis.hdel(app.keys.live('okha', 'calls'), 'garbled');
  });

  it('a site whose state cannot be read is named in the snapshot, keeps its sequence, and the others still go out', async () => {
    const base = recent();
    const poisoned = app.keys.counters('kholmsk', bucketOf(Date.now()));
    await app.redis.del(poisoned);
    await app.redis.set(poisoned, 'not a hash');
    try {
      const before = Number(await app.redis.get(app.keys.seq('kholmsk')));
      const { status, body } = await snapshot();
      expect(status).toBe(200);
      expect(body.unavailableSites).toEqual(['kholmsk']);
      expect(body.sites.map((s) => s.site).sort()).toEqual(['okha', 'yuzhno-sakhalinsk']);

      const s = wall('okha,kholmsk');
      const screen = new ScreenFollower(s);
      const kholmskUpdates: unknown[] = [];
      s.on('update', (u) => u.site === 'kholmsk' && kholmskUpdates.push(u));
      await new Promise<void>((resolve) => s.once('snapshot', () => resolve()));
      await app.post([ev('call.queued', 2, { callId: 'okha-2', queue: 'hotline', line: 'hotline' }, { base, site: 'okha' })]);
      await waitUntil(() => screen.sawCall('okha-2', 'okha'), 'an okha update while kholmsk is broken');
      expect(kholmskUpdates).toEqual([]);
      expect(Number(await app.redis.get(app.keys.seq('kholmsk')))).toBe(before);
    } finally {
      await app.redis.del(poisoned);
    }
  });
});

describe('a bad entity rejects its own events, never the batch', () => {
  it('an unreadable stored record rejects the events of that entity only', async () => {
    const base = recent();
    await app.redis.hset(app.keys.entity('okha', 'call', 'corrupt'), 'v', '1', 'r', '{broken');
    const { status, json } = await app.post([
      ev('call.queued', 0, { callId: 'corrupt', queue: 'hotline', line: 'hotline' }, { base, site: 'okha' }),
      ev('call.queued', 0, { callId: 'fine', queue: 'hotline', line: 'hotline' }, { base, site: 'okha' }),
    ]);
    expect(status).toBe(200);
    expect(json.results[0]).toMatchObject({ status: 'rejected', error: expect.stringMatching(/^call "corrupt": its stored record cannot be read/) });
    expect(json.results[1].status).toBe('accepted');
    expect(await app.redis.exists(app.keys.seen('okha', json.results[0].id))).toBe(0);
  });

  it('caps the events of one entity with a clear rejection', async () => {
    const base = Date.now() - 3600_000;
    const rings = (from: number, n: number) => Array.from({ length: n }, (_, i) => ev('call.ring_no_answer', 1 + from + i, { callId: 'loop', agentId: 'op-1' }, { base, site: 'okha' }));
    await app.post([ev('call.queued', 0, { callId: 'loop', queue: 'hotline', line: 'hotline' }, { base, site: 'okha' }), ...rings(0, 900)]);
    const { json } = await app.post(rings(900, 200));
    const statuses = json.results.map((r: { status: string }) => r.status);
    expect(statuses.filter((s: string) => s === 'accepted')).toHaveLength(99);
    expect(statuses.filter((s: string) => s === 'rejected')).toHaveLength(101);
    expect(json.results.at(-1).error).toMatch(/^call "loop": expected at most 1000 events for one entity/);
  });

  it('the apply script checks before it writes: a counter that would overflow leaves no marker, log entry or record', async () => {
    const base = recent();
    const e = ev('call.queued', 0, { callId: 'overflow', queue: 'ovf', line: 'hotline' }, { base, site: 'okha' });
    const bucket = app.keys.counters('okha', bucketOf(Date.parse(e.at)));
    const offered = queueCounterField('ovf', 'offered');
    await app.redis.hset(bucket, offered, '9007199254740991');
    const logBefore = await app.redis.xlen(app.keys.log('okha'));
    const { json } = await app.post([e]);
    expect(json.results[0]).toMatchObject({ status: 'rejected', error: expect.stringContaining(`${offered} would overflow; nothing applied`) });
    expect(await app.redis.exists(app.keys.seen('okha', e.id), app.keys.entity('okha', 'call', 'overflow'))).toBe(0);
    expect(await app.redis.xlen(app.keys.log('okha'))).toBe(logBefore);
    expect(await app.redis.hget(bucket, offered)).toBe('9007199254740991');
    await app.redis.hdel(bucket, offered);
  });
});

describe('senders and the console', () => {
  it('an ingest source cannot write a manager’s action; a resolution it sends names the source', async () => {
    const base = recent();
    await app.post([ev('conflict.raised', 0, { conflictId: 'src-cf', agentId: 'op-1', summary: 'Требует руководителя' }, { base })]);
    const { json } = await app.post([
      ev('conflict.acknowledged', 1, { conflictId: 'src-cf', actor: 'manager' }, { base }),
      ev('conflict.noted', 2, { conflictId: 'src-cf', actor: 'manager', note: 'всё хорошо' }, { base }),
      ev('conflict.reassigned', 3, { conflictId: 'src-cf', actor: 'manager', to: 'admin' }, { base }),
      ev('conflict.resolved', 4, { conflictId: 'src-cf', actor: 'manager', resolution: 'Закрыто CRM' }, { base }),
    ]);
    expect(json.results.map((r: { status: string }) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'accepted']);
    expect(json.results[0].error).toMatch(/^type: expected an event a sender may post, got "conflict.acknowledged" \(a manager's action/);
    const detail = await (await (await app.login('manager')).fetch('/api/v1/conflicts/yuzhno-sakhalinsk/src-cf')).json();
    expect(detail.resolvedBy).toBe('source:test-feed');
  });

  it('an Idempotency-Key is scoped to its escalation and action: the same key on another escalation is applied', async () => {
    const base = recent();
    await app.post([
      ev('conflict.raised', 0, { conflictId: 'idem-a', agentId: 'op-1', summary: 'A' }, { base }),
      ev('conflict.raised', 0, { conflictId: 'idem-b', agentId: 'op-1', summary: 'B' }, { base }),
    ]);
    const m = await app.login('manager');
    const act = (id: string, action: string) => m.fetch(`/api/v1/conflicts/yuzhno-sakhalinsk/${id}/${action}`, { method: 'POST', json: {}, headers: { 'idempotency-key': 'click-1' } });
    expect((await (await act('idem-a', 'acknowledge')).json()).status).toBe('applied');
    expect((await (await act('idem-a', 'acknowledge')).json()).status).toBe('duplicate');
    const b = await (await act('idem-b', 'acknowledge')).json();
    expect(b.status).toBe('applied');
    expect(b.conflict.acknowledgedBy).toBe('manager');
  });

  it('removes bidi control characters from text people read', async () => {
    const base = recent();
    await app.post([ev('conflict.raised', 0, { conflictId: 'bidi', agentId: 'op-1', summary: 'Счёт \u202E001\u202C оплачен', client: { name: '\u2067Иванов\u2069' } }, { base })]);
    const detail = await (await (await app.login('manager')).fetch('/api/v1/conflicts/yuzhno-sakhalinsk/bidi')).json();
    expect(detail.summary).toBe('Счёт 001 оплачен');
    expect(detail.client.name).toBe('Иванов');
  });
});

describe('keys named by data', () => {
  it('counts rings past 3 for operators called constructor, toString and __proto__', async () => {
    const base = recent();
    const agents = ['constructor', 'toString', '__proto__'];
    const events = agents.flatMap((agentId, i) => [
      ev('call.queued', 0, { callId: `proto-${i}`, queue: 'hotline', line: 'hotline' }, { base, site: 'okha' }),
      ev('call.offered', 1, { callId: `proto-${i}`, agentId }, { base, site: 'okha' }),
      ev('call.ring_no_answer', 30, { callId: `proto-${i}`, agentId }, { base, site: 'okha' }),
    ]);
    const { json } = await app.post(events);
    expect(json.results.every((r: { status: string }) => r.status === 'accepted')).toBe(true);
    const okha = (await snapshot()).body.sites.find((s) => s.site === 'okha')!;
    for (const agentId of agents) expect(okha.ringsPast3ByAgent).toContainEqual({ agentId, count: 1 });
  });

  it('history for ?site=A,A counts A once', async () => {
    const admin = await app.login('admin');
    const once = await (await admin.fetch('/api/v1/history?site=okha&step=1d')).json();
    const twice = await (await admin.fetch('/api/v1/history?site=okha,okha&step=1d')).json();
    expect(twice.sites).toEqual(['okha']);
    expect(twice.intervals).toEqual(once.intervals);
  });
});

describe('error texts', () => {
  it('say the size that was expected and what came, and do not call a request body "(event)"', async () => {
    const { json } = await app.post([{ ...ev('call.queued', 0, { callId: 'x', queue: 'hotline', line: 'hotline' }, { base: recent() }), id: 'x'.repeat(300) }]);
    expect(json.results[0].error).toBe('id: expected at most 128 characters, got 300 characters');
    const res = await fetch(`${app.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/^body: expected object, got array/);
  });
});

describe('store failures are "retry"', () => {
  it('recognises ioredis’s "max retries per request" as the store being away', async () => {
    // a real ioredis error: a client whose server is gone, with its retries spent
    const dead = new Redis({ port: 1, maxRetriesPerRequest: 0, retryStrategy: () => 50, lazyConnect: true });
    dead.on('error', () => undefined);
    const err = await dead.get('x').catch((e: unknown) => e);
    dead.disconnect();
    expect((err as Error).name).toBe('MaxRetriesPerRequestError');
    expect(isStoreUnavailable(err)).toBe(true);
    expect(isStoreUnavailable(new Error('boom'))).toBe(false);
  });
});
