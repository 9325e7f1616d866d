/**
 * Issue 17, item 5: every counted event lands in its local day's roll-up too (kept for years), so a
 * report by days reads one hash a day, and still has its figures once the 15-minute buckets are
 * gone; a rebuild recomputes the days its log holds and keeps the older ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { loadConfig } from '../../server/config.js';
import { rebuildFromLog } from '../../server/store/rebuild.js';
import { answeredCall } from '../helpers/event-factory.js';
import { startTestApp, TEST_SITES, type Session, type TestApp } from '../helpers/start-app.js';
import type { ComplianceReport } from '../../shared/reports.js';

const SITE = 'yuzhno-sakhalinsk';
const ZONE = 'Asia/Sakhalin';
const day = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
const NOW = day('2026-03-10T12:00').toMillis();
let app: TestApp;
let duty: Session;

beforeAll(async () => {
  app = await startTestApp({ clock: () => NOW });
  duty = await app.login('duty');
  // two calls on the 3rd of March, one on the 4th (the 4th's at 23:50 local: the day is local, not UTC)
  const res = await app.post([...answeredCall('r-1', day('2026-03-03T10:00').toMillis()), ...answeredCall('r-2', day('2026-03-03T15:00').toMillis()), ...answeredCall('r-3', day('2026-03-04T23:50').toMillis())]);
  expect(res.json.results.filter((r: { status: string }) => r.status !== 'accepted')).toEqual([]);
});
afterAll(async () => {
  await app?.close();
});

const report = async () => (await (await duty.fetch(`/api/v1/reports/compliance?site=${SITE}&from=2026-03-03&to=2026-03-04&step=1d`)).json()) as ComplianceReport;

describe('daily roll-ups', () => {
  it('hold each local day’s counts, kept far longer than the 15-minute buckets', async () => {
    const d3 = await app.redis.hgetall(app.keys.daily(SITE, '2026-03-03'));
    const d4 = await app.redis.hgetall(app.keys.daily(SITE, '2026-03-04'));
    expect(d3['q|hotline|offered']).toBe('2');
    expect(d4['q|hotline|offered']).toBe('1');
    expect(Object.keys(d3).some((f) => f.startsWith('qm|'))).toBe(false);
    expect(await app.redis.ttl(app.keys.daily(SITE, '2026-03-03'))).toBeGreaterThan(5 * 365 * 86_400);
    expect((await report()).intervals.map((i) => i.offered)).toEqual([2, 1]);
  });

  it('still give a report by days when the buckets are gone', async () => {
    const before = await report();
    // the 15-minute buckets of both days expire
    const buckets: string[] = [];
    for (let b = day('2026-03-03').toMillis(); b < day('2026-03-05').toMillis(); b += 15 * 60_000) buckets.push(app.keys.counters(SITE, b));
    await app.redis.del(...buckets);
    const after = await report();
    expect(after.intervals.map((i) => [i.offered, i.answered, i.values.connectAvg])).toEqual(before.intervals.map((i) => [i.offered, i.answered, i.values.connectAvg]));
    expect(after.rows).toEqual(before.rows);
  });

  it('are recomputed by a rebuild for the days the log holds; older days stay', async () => {
    // a day from before this log (another year's import, long trimmed from the log)
    await app.redis.hset(app.keys.daily(SITE, '2021-06-01'), 'q|hotline|offered', '7');
    // a wrong count on a day the log holds: the rebuild puts it right
    await app.redis.hset(app.keys.daily(SITE, '2026-03-03'), 'q|hotline|offered', '99');
    const config = loadConfig({ OBZOR_KEY_PREFIX: app.prefix }, { sites: TEST_SITES });
    await rebuildFromLog(app.redis, app.keys, TEST_SITES, config);
    expect(await app.redis.hget(app.keys.daily(SITE, '2026-03-03'), 'q|hotline|offered')).toBe('2');
    expect(await app.redis.hget(app.keys.daily(SITE, '2021-06-01'), 'q|hotline|offered')).toBe('7');
  });
});
