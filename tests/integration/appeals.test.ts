/** GET /api/v1/appeals/:appealId on its own Express app, against the real Redis. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObzorEvent } from '../../shared/events.js';
import { fixedSites, SiteConfig } from '../../server/domain/sites.js';
import { appealsRoutes } from '../../server/http/appeals-route.js';
import { IngestService } from '../../server/ingest/ingest-service.js';
import { EventStore } from '../../server/store/event-store.js';
import { Keys } from '../../server/store/keys.js';
import { connectRedis, createRedis, type ObzorRedis } from '../../server/store/redis-client.js';
import { ev } from '../helpers/event-factory.js';
import { deletePrefix, REDIS_URL } from '../helpers/start-app.js';
import { serveRouter, type RouteApp } from '../helpers/route-app.js';

const SITES = [
  SiteConfig.parse({ id: 'yuzhno-sakhalinsk', name: { ru: 'Южно-Сахалинск', en: 'Yuzhno-Sakhalinsk' }, hotlineHours: '24/7' }),
  SiteConfig.parse({ id: 'khabarovsk', name: { ru: 'Хабаровск', en: 'Khabarovsk' }, timeZone: 'Asia/Vladivostok' }),
];
const prefix = `obzor-test:appeals-${process.pid}:`;
let redis: ObzorRedis;
let server: RouteApp;
let base: string;
let now = Date.parse('2026-11-20T12:00:00+11:00');
let allowed = SITES.map((s) => s.id);

const kh = { site: 'khabarovsk' };
const client = { name: 'Иванов И. И.', account: '65-000-0000', phone: '+7 900 000-00-00' };
// offsets from T0 = Wed 18 Nov 2026 09:00 +11
const EVENTS: ObzorEvent[] = [
  // answering machine, reply by phone: 5 working days → Wed 25th, end of day; a return call at 18:00 waits for 09:00
  { ...ev('appeal.registered', 0, { appealId: 'am-1', channel: 'answering_machine', clientType: 'individual', replyVia: 'phone' }), client },
  ev('appeal.callback_scheduled', 10, { appealId: 'am-1', dueAt: '2026-11-18T18:00:00+11:00' }),
  ev('appeal.callback_attempted', 86_400, { appealId: 'am-1', reached: false }),
  // by post: 30 working days
  ev('appeal.registered', 0, { appealId: 'am-2', channel: 'answering_machine', clientType: 'legal', replyVia: 'address' }),
  // an explicit deadline wins
  ev('appeal.registered', 0, { appealId: 'mail-1', channel: 'mail', clientType: 'legal', dueAt: '2026-11-19T17:00:00+11:00' }),
  // answered after its deadline; rejected
  ev('appeal.registered', 0, { appealId: 'late-1', channel: 'phone', clientType: 'individual', dueAt: '2026-11-18T10:00:00+11:00' }),
  ev('appeal.answered', 7200, { appealId: 'late-1' }),
  ev('appeal.registered', 0, { appealId: 'rej-1', channel: 'answering_machine', clientType: 'individual' }),
  ev('appeal.rejected', 60, { appealId: 'rej-1', reason: 'abusive' }),
  // only the answer arrived so far; only a return call so far
  ev('appeal.answered', 60, { appealId: 'orphan-1' }),
  ev('appeal.callback_scheduled', 60, { appealId: 'orphan-2', dueAt: '2026-11-19T10:00:00+11:00' }),
  // Khabarovsk: 23:30 local on the 18th; its own calendar day and zone
  { ...ev('appeal.registered', 0, { appealId: 'kh-1', channel: 'answering_machine', clientType: 'individual' }, kh), at: '2026-11-18T23:30:00+10:00' },
  // the same id at two sites
  ev('appeal.registered', 0, { appealId: 'twin', channel: 'phone', clientType: 'individual' }),
  ev('appeal.registered', 0, { appealId: 'twin', channel: 'mail', clientType: 'individual' }, kh),
];


beforeAll(async () => {
  redis = createRedis({ redisUrl: REDIS_URL });
  await connectRedis(redis);
  const keys = new Keys(prefix);
  const store = new EventStore(redis, keys, new Map(SITES.map((s) => [s.id, s])), { dedupeTtlSec: 3600, counterTtlSec: 3600, openEntityTtlSec: 3600, logMaxLen: 1000 });
  const results = await new IngestService(store, new Set(SITES.map((s) => s.id))).ingest(EVENTS);
  expect(results.filter((r) => r.status !== 'accepted')).toEqual([]);
  server = await serveRouter(appealsRoutes({ store, sites: fixedSites(SITES), guards: { source: [] }, clock: () => now }), () => allowed);
  base = server.base;
});
afterAll(async () => {
  await server?.close();
  await deletePrefix(prefix);
  await redis?.quit();
});

async function get(path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}/api/v1/appeals/${path}`, { headers: { 'x-test-role': 'manager' } });
  return { status: res.status, body: await res.json() };
}

describe('GET /api/v1/appeals/:appealId', () => {
  it('an answering-machine appeal: deadline in 5 working days (ISO 8601, site zone), state, return call waiting for the window; no personal data', async () => {
    const { status, body } = await get('am-1');
    expect(status).toBe(200);
    expect(body).toEqual({
      appealId: 'am-1',
      site: 'yuzhno-sakhalinsk',
      timeZone: 'Asia/Sakhalin',
      channel: 'answering_machine',
      clientType: 'individual',
      replyVia: 'phone',
      registeredAt: '2026-11-18T09:00:00.000+11:00',
      dueAt: '2026-11-25T23:59:59.999+11:00',
      dueAtSource: 'working_days',
      workingDays: 5,
      state: 'open',
      callback: { dueAt: '2026-11-18T18:00:00.000+11:00', windowDueAt: '2026-11-19T09:00:00.000+11:00', attempts: 1 },
    });
    expect(JSON.stringify(body)).not.toMatch(/Иванов|65-000|\+7 900/);
  });

  it('30 working days by post', async () => {
    // after Wed 18 Nov 2026: 19–20, 23–27, 30 Nov (8); 1–4, 7–11, 14–18, 21–25 Dec (27); 28, 29, 30 Dec → Wed 30 Dec
    expect((await get('am-2')).body).toMatchObject({ dueAt: '2026-12-30T23:59:59.999+11:00', workingDays: 30, state: 'open' });
  });

  it.each([
    ['mail-1', { dueAt: '2026-11-19T17:00:00.000+11:00', dueAtSource: 'explicit', state: 'overdue' }],
    ['late-1', { state: 'answered_late', answeredAt: '2026-11-18T11:00:00.000+11:00' }],
    ['rej-1', { state: 'rejected', rejectReason: 'abusive', rejectedAt: '2026-11-18T09:01:00.000+11:00' }],
    ['orphan-1', { state: 'answered', dueAt: null }],
    ['orphan-2', { state: 'unregistered', dueAt: null, callback: { dueAt: '2026-11-19T10:00:00.000+11:00', windowDueAt: '2026-11-19T10:00:00.000+11:00', attempts: 0 } }],
  ])('%s', async (id, expected) => {
    expect((await get(id)).body).toMatchObject(expected);
  });

  it('due today, then overdue, as the clock moves', async () => {
    const saved = now;
    try {
      now = Date.parse('2026-11-25T10:00:00+11:00');
      expect((await get('am-1')).body.state).toBe('due_today');
      now = Date.parse('2026-11-26T00:00:00+11:00');
      expect((await get('am-1')).body.state).toBe('overdue');
    } finally {
      now = saved;
    }
  });

  it('a unit in another zone: its own calendar day and offset', async () => {
    expect((await get('kh-1')).body).toMatchObject({
      site: 'khabarovsk',
      timeZone: 'Asia/Vladivostok',
      registeredAt: '2026-11-18T23:30:00.000+10:00',
      dueAt: '2026-11-25T23:59:59.999+10:00',
    });
  });

  it('404 unknown, 400 bad id or site, 409 the same id at two sites unless ?site= says which', async () => {
    expect((await get('nope')).status).toBe(404);
    expect((await get('bad%20id')).status).toBe(400);
    expect((await get('am-1?site=moon-base')).status).toBe(400);
    const twin = await get('twin');
    expect(twin.status).toBe(409);
    expect(twin.body.error).toMatch(/yuzhno-sakhalinsk, khabarovsk/);
    expect((await get('twin?site=khabarovsk')).body).toMatchObject({ site: 'khabarovsk', channel: 'mail' });
  });

  it('answers only a principal with view:history, and only its sites', async () => {
    expect((await fetch(`${base}/api/v1/appeals/am-1`)).status).toBe(401);
    allowed = ['khabarovsk'];
    try {
      expect((await get('am-1')).status).toBe(404);
      expect((await get('am-1?site=yuzhno-sakhalinsk')).status).toBe(403);
      expect((await get('twin')).body.site).toBe('khabarovsk');
    } finally {
      allowed = SITES.map((s) => s.id);
    }
  });
});
