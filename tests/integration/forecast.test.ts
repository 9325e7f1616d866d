/**
 * Issue 16, "forecast vs actual" and the history blend, through the real app on a real Redis: past
 * Wednesdays' calls (put in before the app starts, as a feed's import would have) give today's
 * expected day — the median of the weeks with data, a week without any left out — in the snapshot
 * (each queue's and the site's `forecast`), in the staffing's planned rate, and by hour in
 * GET /api/v1/forecast; and the store adapter's pro-rata figure for the surge alarm.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForecastResponse } from '../../shared/api.js';
import type { ObzorEvent } from '../../shared/events.js';
import type { Snapshot } from '../../shared/snapshot.js';
import { IngestService } from '../../server/ingest/ingest-service.js';
import { EventStore } from '../../server/store/event-store.js';
import { Keys } from '../../server/store/keys.js';
import { connectRedis, createRedis } from '../../server/store/redis-client.js';
import { answeredCall, T0 } from '../helpers/event-factory.js';
import { REDIS_URL, startTestApp, TEST_SITES, type Session, type TestApp } from '../helpers/start-app.js';

const SITE = 'yuzhno-sakhalinsk';
const WEEK = 7 * 86_400_000;
const HOUR = 3_600_000;
// Wed 18 Nov 2026, 11:00 +11 (Asia/Sakhalin, no clock changes)
const NOW = T0 + 2 * HOUR;
const prefix = `obzor-test:forecast-${randomUUID().slice(0, 8)}:`;
let app: TestApp;
let duty: Session;

/** `n` answered hotline calls from `start`, a minute apart */
const calls = (tag: string, start: number, n: number): ObzorEvent[] => Array.from({ length: n }, (_, i) => answeredCall(`${tag}-${i}`, start + i * 60_000)).flat();

beforeAll(async () => {
  // 10:00–10:15 one, two and three weeks ago: 4, 8, 6 calls (median 6); 11:00–11:15: 2 each week;
  // four weeks ago nothing at all (the feed was not connected yet): left out, not a zero
  const history = [
    ...calls('w1a', T0 + HOUR - WEEK, 4),
    ...calls('w2a', T0 + HOUR - 2 * WEEK, 8),
    ...calls('w3a', T0 + HOUR - 3 * WEEK, 6),
    ...[1, 2, 3].flatMap((w) => calls(`w${w}b`, T0 + 2 * HOUR - w * WEEK, 2)),
  ];
  const redis = createRedis({ redisUrl: REDIS_URL });
  await connectRedis(redis);
  const keys = new Keys(prefix);
  const store = new EventStore(redis, keys, new Map(TEST_SITES.map((s) => [s.id, s])), { dedupeTtlSec: 3600, counterTtlSec: 400 * 86_400, openEntityTtlSec: 3600, logMaxLen: 10_000 });
  const results = await new IngestService(store, new Set(TEST_SITES.map((s) => s.id)), () => NOW, 400 * 86_400_000).ingest(history);
  expect(results.filter((r) => r.status !== 'accepted')).toEqual([]);
  await redis.quit();

  app = await startTestApp({ clock: () => NOW }, {}, { prefix });
  duty = await app.login('duty');
  // today so far: 9 calls between 09:00 and 09:09 (against 6 expected by 11:00)
  const res = await app.post(calls('today', T0, 9));
  expect(res.json.results.filter((r: { status: string }) => r.status !== 'accepted')).toEqual([]);
});
afterAll(async () => {
  await app?.close();
});

describe('the expected day from history', () => {
  it('is in the snapshot per queue and for the site: by the end of the day, by now, offered by now, the next 15 minutes', async () => {
    const snap = (await (await duty.fetch('/api/v1/snapshot')).json()) as Snapshot;
    const site = snap.sites.find((s) => s.site === SITE)!;
    const expected = { expectedTotal: 8, expectedSoFar: 6, actualSoFar: 9, nextPerHour: 8, weeks: 3 };
    expect(site.forecast).toEqual(expected);
    const q = site.queues.find((x) => x.queue === 'hotline')!;
    expect(q.forecast).toEqual(expected);
    // fewer than 20 expected so far: no tracking yet; window 0 calls in the last 30 min → ½·0 + ½·8 = 4 an hour
    expect(q.foresight).toMatchObject({ arrivalsPerHour: 0, plannedPerHour: 4 });
  });

  it('is drawn by hour from GET /api/v1/forecast, for the duty role and not without credentials', async () => {
    const res = await duty.fetch(`/api/v1/forecast?site=${SITE}&queue=hotline`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as ForecastResponse;
    expect(body).toMatchObject({ site: SITE, queue: 'hotline', date: '2026-11-18', weeks: 3, expectedTotal: 8 });
    expect(body.intervals).toHaveLength(24);
    expect(body.intervals.filter((h) => h.expected > 0).map((h) => [new Date(h.start).toISOString(), h.expected])).toEqual([
      ['2026-11-17T23:00:00.000Z', 6],
      ['2026-11-18T00:00:00.000Z', 2],
    ]);
    expect((await fetch(`${app.url}/api/v1/forecast?site=${SITE}`)).status).toBe(401);
    expect((await duty.fetch(`/api/v1/forecast?site=nowhere`)).status).toBe(400);
    expect((await duty.fetch(`/api/v1/forecast?site=${SITE}&extra=1`)).status).toBe(400);
  });

  it('answers the surge alarm’s question pro rata: expected offered to a queue in [t1, t2)', async () => {
    const s = { id: SITE, timeZone: 'Asia/Sakhalin' };
    expect(await app.baseline.expectedOfferedBetween(s, 'hotline', T0 + HOUR, T0 + HOUR + 5 * 60_000)).toBeCloseTo(2, 10);
    expect(await app.baseline.expectedOfferedBetween(s, 'hotline', T0, T0 + 3 * HOUR)).toBeCloseTo(8, 10);
    expect(await app.baseline.expectedOfferedBetween(s, 'billing', T0, T0 + 3 * HOUR)).toBe(0);
    // read once for the day, then kept: the state builds of the day share the one read
    expect(app.baseline.expectedDay(s)).toBe(app.baseline.expectedDay(s, NOW - HOUR));
  });
});
