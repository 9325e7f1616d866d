/**
 * Issue 18: the event log keeps OBZOR_LOG_KEEP_DAYS in Redis; older days go to gzip'd NDJSON files,
 * verified (count and SHA-256 read back) before they leave Redis, and `rebuild` replays them. The
 * clock is moved on instead of waiting days: `archiver.run(now)`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archivedDays, dayFile, digestOfFile, readDayLines } from '../../server/archive/archive-files.js';
import { loadConfig } from '../../server/config.js';
import { rebuildFromLog } from '../../server/store/rebuild.js';
import { answeredCall, ev, T0 } from '../helpers/event-factory.js';
import { dumpState, startTestApp, TEST_SITES, type TestApp } from '../helpers/start-app.js';

const DAY = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), 'obzor-archive-'));
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({}, { OBZOR_ARCHIVE_DIR: dir, OBZOR_LOG_KEEP_DAYS: '14' });
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const today = () => new Date(Date.now() - (Date.now() % DAY)).toISOString().slice(0, 10);
/** the log's lines of a site as Redis holds them */
async function logLines(site: string): Promise<string[]> {
  const entries = (await app.redis.xrange(app.keys.log(site), '-', '+')) as [string, string[]][];
  return entries.map(([, f]) => f[1]!);
}

describe('the event log archive', () => {
  it('keeps the last days in Redis and moves older days to verified files, which rebuild replays to the same state', async () => {
    const events = [
      ...answeredCall('ar-1'),
      ...answeredCall('ar-2', T0 + 900_000, 'kholmsk'),
      ev('appeal.registered', 0, { appealId: 'ar-ap-1', channel: 'mail', clientType: 'legal', replyVia: 'address' }),
      ev('agent.state', 0, { agentId: 'op-2', state: 'available', queues: ['billing'] }),
      ev('agent.state', 30, { agentId: 'op-2', state: 'paused', reason: 'обед' }),
    ];
    const posted = await app.post(events);
    expect(posted.json.results.filter((r: { status: string }) => r.status !== 'accepted')).toEqual([]);
    const lines = Object.fromEntries(await Promise.all(TEST_SITES.map(async (s) => [s.id, await logLines(s.id)] as const)));
    expect(lines['yuzhno-sakhalinsk']!.length + lines.kholmsk!.length).toBe(events.length);

    // within the kept days: nothing moves
    expect(await app.archiver.run(Date.now() + 13 * DAY)).toEqual([]);
    expect(await logLines('kholmsk')).toEqual(lines.kholmsk);

    // two weeks on: today's entries are past the kept days
    await app.reader.sitesState();
    const live = await dumpState(app.redis, app.prefix);
    const done = await app.archiver.run(Date.now() + 16 * DAY);
    expect(done.map((d) => [d.site, d.day, d.count, d.outcome])).toEqual(TEST_SITES.map((s) => [s.id, today(), lines[s.id]!.length, 'archived']));
    for (const s of TEST_SITES) {
      expect(await app.redis.xlen(app.keys.log(s.id))).toBe(0);
      const file = dayFile(dir, s.id, today());
      const back: string[] = [];
      for await (const l of readDayLines(file)) back.push(l);
      // the lines exactly as the log held them, in order
      expect(back).toEqual(lines[s.id]);
      const [manifest] = archivedDays(dir, s.id);
      expect(await digestOfFile(file)).toMatchObject({ count: back.length });
      expect(manifest).toMatchObject({ site: s.id, day: today(), ...(await digestOfFile(file)) });
    }
    // a second run finds nothing left to do
    expect(await app.archiver.run(Date.now() + 16 * DAY)).toEqual([]);
    // the state did not change: the log is for rebuild, the entities and markers stay
    expect(await dumpState(app.redis, app.prefix)).toEqual(live);

    const config = loadConfig({ OBZOR_KEY_PREFIX: app.prefix }, { sites: TEST_SITES });
    const reports = await rebuildFromLog(app.redis, app.keys, TEST_SITES, config, Date.now(), dir);
    expect(reports.map((r) => [r.site, r.archivedDays, r.fromArchive])).toEqual(TEST_SITES.map((s) => [s.id, 1, lines[s.id]!.length]));
    expect(await dumpState(app.redis, app.prefix)).toEqual(live);
    // the dedupe markers are back: a sender's retry is still a duplicate
    const again = await app.post(events.slice(0, 2));
    expect(again.json.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate']);
  });

  it('never lets a day leave Redis unless its file holds exactly that day: a different file stays, the same file is taken', async () => {
    const other = await startTestApp({}, { OBZOR_ARCHIVE_DIR: join(dir, 'second'), OBZOR_LOG_KEEP_DAYS: '14' });
    try {
      await other.post(answeredCall('ar-x1'));
      const file = dayFile(join(dir, 'second'), 'yuzhno-sakhalinsk', today());
      const entries = (await other.redis.xrange(other.keys.log('yuzhno-sakhalinsk'), '-', '+')) as [string, string[]][];
      const lines = entries.map(([, f]) => f[1]!);
      mkdirSync(dirname(file), { recursive: true });

      // a file of that day already there but not the same (a second archive writing to the same place, a damaged disk)
      writeFileSync(file, gzipSync(lines.slice(1).join('\n') + '\n'));
      const refused = await other.archiver.run(Date.now() + 16 * DAY);
      expect(refused.map((d) => [d.site, d.outcome])).toEqual([['yuzhno-sakhalinsk', 'mismatch']]);
      expect(await other.redis.xlen(other.keys.log('yuzhno-sakhalinsk'))).toBe(lines.length);
      expect(archivedDays(join(dir, 'second'), 'yuzhno-sakhalinsk')).toEqual([]);

      // the file a run wrote before it crashed (renamed, not yet trimmed): checked, then the day leaves Redis
      writeFileSync(file, gzipSync(lines.join('\n') + '\n'));
      const taken = await other.archiver.run(Date.now() + 16 * DAY);
      expect(taken.map((d) => [d.site, d.count, d.outcome])).toEqual([['yuzhno-sakhalinsk', lines.length, 'archived']]);
      expect(await other.redis.xlen(other.keys.log('yuzhno-sakhalinsk'))).toBe(0);
      expect(readFileSync(file).length).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });
});
