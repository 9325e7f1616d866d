/** GET /api/v1/history on its own Express app, against the real Redis, with events ingested the normal way. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryResponse } from '../../shared/kpi.js';
import type { ObzorEvent } from '../../shared/events.js';
import { fixedSites, SiteConfig } from '../../server/domain/sites.js';
import { historyRoutes } from '../../server/http/history-route.js';
import { IngestService } from '../../server/ingest/ingest-service.js';
import { EventStore } from '../../server/store/event-store.js';
import { HistoryReader } from '../../server/store/history-reader.js';
import { Keys } from '../../server/store/keys.js';
import { connectRedis, createRedis, type ObzorRedis } from '../../server/store/redis-client.js';
import { answeredCall, ev, T0 } from '../helpers/event-factory.js';
import { deletePrefix, REDIS_URL } from '../helpers/start-app.js';
import { serveRouter, type RouteApp } from '../helpers/route-app.js';

const SITES = [
  SiteConfig.parse({ id: 'yuzhno-sakhalinsk', name: { ru: 'Южно-Сахалинск', en: 'Yuzhno-Sakhalinsk' }, hotlineHours: '24/7' }),
  SiteConfig.parse({ id: 'khabarovsk', name: { ru: 'Хабаровск', en: 'Khabarovsk' }, timeZone: 'Asia/Vladivostok' }),
];
const prefix = `obzor-test:history-${process.pid}:`;
const keys = new Keys(prefix);
const NOW = Date.parse('2026-11-18T12:00:00+11:00');
let redis: ObzorRedis;
let server: RouteApp;
let base: string;

const bill = { queue: 'billing', line: 'direct' } as const;
const kh = { site: 'khabarovsk' };
// T0 = 09:00 +11 on Wed 18 Nov 2026
const EVENTS: ObzorEvent[] = [
  // 09:00–09:15: c1 (wait 31, connect 40, handle 300, in 3 rings) and c3 (wait 10, connect = answer 10, handle 120, billing)
  ...answeredCall('h1'),
  ev('call.queued', 60, { callId: 'h3', ...bill }),
  ev('call.offered', 65, { callId: 'h3', agentId: 'op-3' }),
  ev('call.answered', 70, { callId: 'h3', agentId: 'op-3' }),
  ev('call.ended', 190, { callId: 'h3' }),
  // 09:15–09:30: a short abandon (3 s) and a real one (60 s), rings past 3 once
  ev('call.queued', 900, { callId: 'h4', queue: 'hotline', line: 'hotline' }),
  ev('call.abandoned', 903, { callId: 'h4' }),
  ev('call.queued', 960, { callId: 'h5', queue: 'hotline', line: 'hotline' }),
  ev('call.offered', 961, { callId: 'h5', agentId: 'op-1' }),
  ev('call.ring_no_answer', 980, { callId: 'h5', agentId: 'op-1' }),
  ev('call.abandoned', 1020, { callId: 'h5' }),
  // Khabarovsk, 09:05 local (10:05 +11): one answered call
  ...answeredCall('h6', Date.parse('2026-11-18T09:05:00+10:00'), 'khabarovsk'),
  ev('appeal.registered', 0, { appealId: 'h-ap', channel: 'phone', clientType: 'individual' }, kh),
];

let allowed: string[] = SITES.map((s) => s.id);
const DEPS = { sites: fixedSites(SITES), guards: { source: [] }, retentionDays: 400, clock: () => NOW, gaps: async () => [] };

beforeAll(async () => {
  redis = createRedis({ redisUrl: REDIS_URL });
  await connectRedis(redis);
  const store = new EventStore(redis, keys, new Map(SITES.map((s) => [s.id, s])), { dedupeTtlSec: 3600, counterTtlSec: 3600, openEntityTtlSec: 3600, logMaxLen: 1000 });
  const results = await new IngestService(store, new Set(SITES.map((s) => s.id))).ingest(EVENTS);
  expect(results.filter((r) => r.status !== 'accepted')).toEqual([]);
  server = await serveRouter(historyRoutes({ ...DEPS, history: new HistoryReader(redis, keys) }), () => allowed);
  base = server.base;
});
afterAll(async () => {
  await server?.close();
  await deletePrefix(prefix);
  await redis?.quit();
});

async function get(query: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}/api/v1/history?${query}`, { headers: { 'x-test-role': 'duty' } });
  return { status: res.status, body: await res.json() };
}
const iso = (s: string) => encodeURIComponent(s);

describe('GET /api/v1/history', () => {
  it('15-min intervals of one site with counts and rates computed by hand', async () => {
    const { status, body } = await get(`site=yuzhno-sakhalinsk&from=${iso('2026-11-18T09:00:00+11:00')}&to=${iso('2026-11-18T10:00:00+11:00')}`);
    expect(status).toBe(200);
    const h = body as HistoryResponse;
    expect(h).toMatchObject({ sites: ['yuzhno-sakhalinsk'], timeZone: 'Asia/Sakhalin', step: '15m', from: T0, to: T0 + 3600_000 });
    expect(h.intervals.map((i) => i.start)).toEqual([0, 1, 2, 3].map((n) => T0 + n * 900_000));
    expect(h.intervals[0]).toEqual({
      start: T0,
      end: T0 + 900_000,
      offered: 2,
      answered: 2,
      abandoned: 0,
      abandonedShort: 0,
      answeredIn3Rings: 2,
      answeredInServiceLevel: 1, // h3 waited 10 s; h1 31 s
      ringsPast3: 0,
      answeredIn3RingsShare: 1,
      serviceLevel: 0.5,
      abandonRate: 0,
      avgConnectSeconds: 25, // (40 + 10) / 2
      asaSeconds: 20.5, // (31 + 10) / 2
      avgHandleSeconds: 210, // (300 + 120) / 2
    });
    expect(h.intervals[1]).toMatchObject({
      offered: 2,
      answered: 0,
      abandoned: 2,
      abandonedShort: 1,
      ringsPast3: 1, // h5 rang op-1 for 19 s
      serviceLevel: 0, // 0 of (0 + 2 − 1)
      abandonRate: 1,
      answeredIn3RingsShare: null,
      avgConnectSeconds: null,
    });
    expect(h.intervals[3]).toMatchObject({ offered: 0, serviceLevel: null, abandonRate: null });
  });

  it('one queue only', async () => {
    const { body } = await get(`site=yuzhno-sakhalinsk&queue=billing&from=${iso('2026-11-18T09:00:00+11:00')}&to=${iso('2026-11-18T09:15:00+11:00')}`);
    expect(body.intervals).toHaveLength(1);
    expect(body.intervals[0]).toMatchObject({ offered: 1, answered: 1, avgHandleSeconds: 120, serviceLevel: 1 });
    expect(body.queue).toBe('billing');
  });

  it('local hours and days; a date in `to` includes that day; several sites follow the first one’s zone', async () => {
    const hours = await get('site=yuzhno-sakhalinsk&from=2026-11-18&to=2026-11-18&step=1h');
    expect(hours.body.intervals).toHaveLength(24);
    expect(hours.body.from).toBe(Date.parse('2026-11-18T00:00:00+11:00'));
    expect(hours.body.intervals[9]).toMatchObject({ start: T0, offered: 4, answered: 2, abandoned: 2 });
    const days = await get('site=yuzhno-sakhalinsk,khabarovsk&from=2026-11-17&to=2026-11-18&step=1d');
    expect(days.body.intervals.map((i: { start: number; offered: number }) => [i.start, i.offered])).toEqual([
      [Date.parse('2026-11-17T00:00:00+11:00'), 0],
      [Date.parse('2026-11-18T00:00:00+11:00'), 5],
    ]);
    // Khabarovsk's own day: its call at 09:05 +10
    const kh = await get('site=khabarovsk&from=2026-11-18&to=2026-11-18&step=1d');
    expect(kh.body).toMatchObject({ timeZone: 'Asia/Vladivostok', from: Date.parse('2026-11-18T00:00:00+10:00') });
    expect(kh.body.intervals[0]).toMatchObject({ offered: 1, answered: 1, answeredIn3Rings: 1 });
  });

  it('without `site`: every site the caller may see; from defaults to the start of today', async () => {
    const all = await get('step=1h');
    expect(all.body.sites).toEqual(['yuzhno-sakhalinsk', 'khabarovsk']);
    expect(all.body.from).toBe(Date.parse('2026-11-18T00:00:00+11:00'));
    expect(all.body.to).toBe(NOW);
    expect(all.body.intervals.reduce((s: number, i: { offered: number }) => s + i.offered, 0)).toBe(5);
  });

  it.each([
    ['from=yesterday', 400, /^from: expected an RFC 3339 time/],
    ['from=2026-11-18T10:00:00%2B11:00&to=2026-11-18T09:00:00%2B11:00', 400, /^to: expected a time after from/],
    ['from=2026-02-30', 400, /^from:/],
    ['from=2026-10-01&to=2026-11-18', 400, /at most 3000; use a larger step/],
    ['from=2024-01-01&step=1d', 400, /counters are kept 400 days/],
    ['site=moon-base', 400, /^site: expected one of yuzhno-sakhalinsk, khabarovsk, got moon-base/],
    ['step=1w', 400, /^step: expected "15m" \| "1h" \| "1d"/],
    ['sites=kholmsk', 400, /unexpected field\(s\) sites/],
    ['queue=a%7Cb', 400, /^queue:/],
  ])('%s → %i', async (query, status, error) => {
    const r = await get(query);
    expect(r.status).toBe(status);
    expect(r.body.error).toMatch(error);
  });

  it('answers only a principal with view:history, and only its sites', async () => {
    expect((await fetch(`${base}/api/v1/history`)).status).toBe(401);
    allowed = ['khabarovsk'];
    try {
      expect((await get('site=yuzhno-sakhalinsk')).status).toBe(403);
      expect((await get('step=1d')).body.sites).toEqual(['khabarovsk']);
    } finally {
      allowed = SITES.map((s) => s.id);
    }
  });

  it('answers 503 while Redis is unavailable', async () => {
    const down = createRedis({ redisUrl: REDIS_URL }); // never connected
    down.on('error', () => {});
    const s = await serveRouter(historyRoutes({ ...DEPS, history: new HistoryReader(down, keys) }), () => allowed);
    try {
      const res = await fetch(`${s.base}/api/v1/history`, { headers: { 'x-test-role': 'duty' } });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
    } finally {
      await s.close();
      down.disconnect();
    }
  });
});
