/**
 * A real PBXware queue_log imported through the exactly-once path: the figures Obzor keeps
 * equal Asterisk's own (docs/asterisk.md), and re-importing changes nothing.
 */
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importQueueLog } from '../../server/adapters/asterisk/queue-log-import.js';
import { QueueLogFollower } from '../../server/adapters/asterisk/queue-log-follower.js';
import { ingestSink } from '../../server/feeds/ingest-sink.js';
import { RedisPositionStore } from '../../server/feeds/redis-position-store.js';
import { emptyTotals } from '../../shared/day-totals.js';
import { counterTotals } from '../helpers/counter-totals.js';
import { dumpState, startTestApp, type TestApp } from '../helpers/start-app.js';

const PBXWARE = fileURLToPath(new URL('../fixtures/asterisk/pbxware-2018.queue_log', import.meta.url));
const silent = pino({ level: 'silent' });

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

async function queueTotals(queue: string, site = 'kholmsk') {
  return (await counterTotals(app.redis, app.prefix, site)).byQueue.get(queue) ?? emptyTotals();
}

describe('Asterisk queue_log import (real PBXware export)', () => {
  it('keeps the figures Asterisk defines: 108 entered, 93 answered, 13 lost (12 abandoned + 1 timeout), wait 3599 s', async () => {
    const summary = await importQueueLog(PBXWARE, { site: 'kholmsk', sink: ingestSink(app.ingest, 'pbxware', silent, { archive: true }) });
    expect(summary.events).toBe(1362);
    const t = await queueTotals('IT');
    expect(t.offered).toBe(108);
    expect(t.answered).toBe(summary.answered);
    expect(t.answered).toBe(93);
    expect(t.abandoned).toBe(summary.abandoned + summary.timedOut);
    expect(t.waitSumMs / t.waitN / 1000).toBeCloseTo(3599 / 93, 6);
    expect(t.handleN).toBe(91);
    // talk time from line timestamps vs Asterisk's own calltime: equal to the displayed 0.1 s
    expect((t.handleSumMs / t.handleN / 1000).toFixed(1)).toBe((23_913 / 91).toFixed(1));
    // 2018 buckets are far past any TTL horizon yet kept: history imports do not vanish
    expect(await app.redis.ttl((await app.redis.keys(`${app.prefix}{kholmsk}:ctr:*`))[0]!)).toBeGreaterThan(300 * 86_400);
  });

  it('re-importing the same file changes nothing', async () => {
    const before = await dumpState(app.redis, app.prefix);
    const accepted: string[] = [];
    app.ingest.on('ingested', (_i, results) => accepted.push(...results.filter((r) => r.status === 'accepted').map((r) => r.id)));
    await importQueueLog(PBXWARE, { site: 'kholmsk', sink: ingestSink(app.ingest, 'pbxware', silent, { archive: true }) });
    expect(accepted).toEqual([]);
    expect(await dumpState(app.redis, app.prefix)).toEqual(before);
  });
});

describe('queue_log follower with its position in Redis', () => {
  it('follows a growing file, waits for a partial line, and resumes after a restart with no gap and no duplicate', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'obzor-ql-'));
    const file = join(dir, 'queue_log');
    const t = Math.floor(Date.now() / 1000) - 600;
    await writeFile(file, `${t}|100.1|sales|NONE|ENTERQUEUE||+70000000001|1\n${t + 12}|100.1|sales|SIP/201|CONNECT|12|100.2|4\n${t + 20}|100.3|sales|NONE|ENTERQ`);
    const positions = RedisPositionStore.forFeed(app.redis, app.keys, 'pbx-test');
    const make = () => new QueueLogFollower({ site: 'yuzhno-sakhalinsk', path: file, sink: ingestSink(app.ingest, 'pbx-test', silent), positions, pollMs: 50 });
    const first = make();
    await first.pollOnce();
    const after1 = await positions.load();
    expect(after1?.lineNo).toBe(2);
    await first.stop();

    await appendFile(file, `UEUE||+70000000002|1\n${t + 30}|100.3|sales|NONE|ABANDON|1|1|10\n`);
    const second = make();
    await second.pollOnce();
    await second.stop();
    expect((await positions.load())?.lineNo).toBe(4);
    const accepted: number[] = [];
    app.ingest.on('ingested', (_i, results) => accepted.push(results.filter((r) => r.status === 'accepted').length));
    const third = make();
    await third.pollOnce();
    await third.stop();
    expect(accepted.reduce((a, b) => a + b, 0)).toBe(0);
    expect(await queueTotals('sales', 'yuzhno-sakhalinsk')).toMatchObject({ offered: 2, answered: 1, abandoned: 1 });
    await rm(dir, { recursive: true, force: true });
  });
});
