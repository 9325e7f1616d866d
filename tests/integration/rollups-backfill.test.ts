/**
 * Issue 17: `rollups:backfill` writes the days' roll-ups from their 15-minute buckets — a day from
 * before the roll-ups (none), the upgrade day (one of the hours after it) — and leaves the roll-ups'
 * own counters be; running it again changes nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollupsBackfill } from '../../server/cli/commands/rollups-backfill.js';
import { answeredCall } from '../helpers/event-factory.js';
import { REDIS_URL, startTestApp, TEST_SITES, type TestApp } from '../helpers/start-app.js';

const SITE = 'yuzhno-sakhalinsk';
const ZONE = 'Asia/Sakhalin';
let app: TestApp;
let dir: string;
beforeAll(async () => {
  app = await startTestApp();
  dir = mkdtempSync(join(tmpdir(), 'obzor-backfill-'));
  writeFileSync(join(dir, 'sites.json'), JSON.stringify(TEST_SITES));
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function backfill(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const env: NodeJS.ProcessEnv = { ...process.env, REDIS_URL, OBZOR_KEY_PREFIX: app.prefix, OBZOR_SITES_FILE: join(dir, 'sites.json'), LOG_LEVEL: 'silent' };
  delete env.REDIS_CLUSTER_NODES;
  await rollupsBackfill.run(args, { env, stdin: new PassThrough(), out: (l) => lines.push(l), stderr: new PassThrough(), stdout: new PassThrough() });
  return lines;
}

describe('rollups:backfill', () => {
  it("sets each kept day's roll-up to its buckets' sum, keeps the roll-ups' own counters, and is idempotent", async () => {
    // three calls on each of two local days a few days ago (the day in the site's zone, whatever today is)
    const start = DateTime.now().setZone(ZONE).startOf('day').minus({ days: 4 });
    const days = [start, start.plus({ days: 1 })];
    const events = days.flatMap((d, k) => [0, 1, 2].flatMap((i) => answeredCall(`bf-${k}-${i}`, d.plus({ hours: 9 + i }).toMillis(), SITE)));
    const res = await app.post(events);
    expect(res.json.results.filter((r: { status: string }) => r.status !== 'accepted')).toEqual([]);
    const [first, second] = days.map((d) => app.keys.daily(SITE, d.toISODate()!));
    const truth = await app.redis.hgetall(first!);
    expect(truth['q|hotline|offered']).toBe('3');

    // the first day as before the roll-ups existed; the second as the upgrade day: the morning missing, a roll-up-only count there
    await app.redis.del(first!);
    await app.redis.hset(second!, 'q|hotline|offered', '1', 'ap|appealsAnsweredByChannel:phone:individual', '2');
    await app.redis.hdel(second!, 'q|hotline|answered');

    const out = await backfill(['--site', SITE, '--from', days[0]!.toISODate()!, '--to', days[1]!.toISODate()!]);
    expect(out).toEqual([`${SITE}: 2 day(s) rolled up from their buckets (${days[0]!.toISODate()} … ${days[1]!.toISODate()})`]);
    expect(await app.redis.hgetall(first!)).toEqual(truth);
    const upgraded = await app.redis.hgetall(second!);
    expect(upgraded).toMatchObject({ 'q|hotline|offered': '3', 'q|hotline|answered': '3', 'ap|appealsAnsweredByChannel:phone:individual': '2' });
    expect(await app.redis.ttl(first!)).toBeGreaterThan(5 * 365 * 86_400);
    // the surge alarm's minute arrivals stay in the buckets only
    expect(Object.keys(upgraded).some((f) => f.startsWith('qm|'))).toBe(false);

    // again: the same
    await backfill(['--site', SITE, '--from', days[0]!.toISODate()!, '--to', days[1]!.toISODate()!]);
    expect(await app.redis.hgetall(first!)).toEqual(truth);
    expect(await app.redis.hgetall(second!)).toEqual(upgraded);
  });

  it('refuses a wrong date or site, naming the option', async () => {
    await expect(backfill(['--from', '2026-1-1'])).rejects.toThrow('rollups:backfill: --from: expected YYYY-MM-DD, got "2026-1-1"');
    await expect(backfill(['--site', 'nowhere'])).rejects.toThrow(/rollups:backfill: --site: expected one of yuzhno-sakhalinsk, kholmsk, got "nowhere"/);
  });
});
