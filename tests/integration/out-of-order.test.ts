import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObzorEvent } from '../../shared/events.js';
import { EventStore } from '../../server/store/event-store.js';
import { Keys } from '../../server/store/keys.js';
import { IngestService } from '../../server/ingest/ingest-service.js';
import { connectRedis, createRedis, type ObzorRedis } from '../../server/store/redis-client.js';
import { loadConfig } from '../../server/config.js';
import { answeredCall, ev } from '../helpers/event-factory.js';
import { deletePrefix, dumpState, REDIS_URL, TEST_SITES } from '../helpers/start-app.js';

let redis: ObzorRedis;
const root = `obzor-test:ooo-${process.pid}:`;
beforeAll(async () => {
  redis = createRedis({ redisUrl: REDIS_URL });
  await connectRedis(redis);
});
afterAll(async () => {
  await deletePrefix(root);
  await redis.quit();
});

const settings = loadConfig({}, { sites: TEST_SITES });
const sites = new Set(TEST_SITES.map((s) => s.id));

/** one call's and one appeal's whole lives, with retries and a callback */
const lifecycle: ObzorEvent[] = [
  ...answeredCall('p-call'),
  ev('call.offered', 2, { callId: 'p-call', agentId: 'op-1' }),
  ev('call.ring_no_answer', 19, { callId: 'p-call', agentId: 'op-1' }),
  ev('call.callback_promised', 100, { callId: 'p-call', dueAt: '2026-11-18T15:00:00+11:00' }),
  ev('appeal.registered', 0, { appealId: 'p-ap', channel: 'answering_machine', clientType: 'individual', replyVia: 'address' }),
  ev('appeal.callback_scheduled', 10, { appealId: 'p-ap', dueAt: '2026-11-19T10:00:00+11:00' }),
  ev('appeal.callback_attempted', 86_400, { appealId: 'p-ap', reached: false }),
  ev('appeal.answered', 90_000, { appealId: 'p-ap' }),
  // issue 16: an incident with two notes, still open (so its entry shows in the live table)
  ev('incident.opened', 0, { incidentId: 'p-inc', kind: 'outage', title: 'ТП-12', actor: 'ivanova' }),
  ev('incident.noted', 60, { incidentId: 'p-inc', note: 'бригада выехала', actor: 'ivanova' }),
  ev('incident.noted', 120, { incidentId: 'p-inc', note: 'до 18:00', actor: 'petrov' }),
  // issue 16: a lost caller, one unanswered call-back attempt (its entry stays, with the attempt)
  ev('call.queued', 0, { callId: 'p-lost', queue: 'hotline', line: 'hotline', client: { phone: '+79140000000' } }),
  ev('call.abandoned', 40, { callId: 'p-lost', reason: 'caller' }),
  ev('call.lost_called_back', 600, { callId: 'p-lost', outcome: 'not_reached', actor: 'boss' }),
];

let run = 0;
async function foldInto(prefix: string, chunks: ObzorEvent[][]): Promise<Record<string, unknown>> {
  const keys = new Keys(prefix);
  const ingest = new IngestService(new EventStore(redis, keys, new Map(TEST_SITES.map((s) => [s.id, s])), settings), sites);
  for (const c of chunks) await ingest.ingest(c);
  const dump = await dumpState(redis, prefix);
  return Object.fromEntries(Object.entries(dump).map(([k, v]) => [k.slice(prefix.length), v]).filter(([k]) => !String(k).includes(':ent:')));
}

describe('out-of-order arrival', () => {
  it('any permutation (and any split into requests) yields the same state and counters as `at` order', async () => {
    const expected = await foldInto(`${root}ref:`, [lifecycle]);
    expect(Object.keys(expected).length).toBeGreaterThan(3);
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(lifecycle, { minLength: lifecycle.length, maxLength: lifecycle.length }),
        fc.integer({ min: 1, max: lifecycle.length }),
        async (perm, size) => {
          const chunks: ObzorEvent[][] = [];
          for (let i = 0; i < perm.length; i += size) chunks.push(perm.slice(i, i + size));
          const prefix = `${root}r${++run}:`;
          expect(await foldInto(prefix, chunks)).toEqual(expected);
          await deletePrefix(prefix);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('concurrent writers of the same entity converge (optimistic retry)', async () => {
    const prefix = `${root}conc:`;
    const expected = await foldInto(`${root}conc-ref:`, [lifecycle]);
    const keys = new Keys(prefix);
    const siteMap = new Map(TEST_SITES.map((s) => [s.id, s]));
    const writers = [0, 1, 2].map(() => new IngestService(new EventStore(redis, keys, siteMap, settings), sites));
    const results = await Promise.all(lifecycle.map((e, i) => writers[i % 3]!.ingest([e])));
    expect(results.flat().filter((r) => r.status !== 'accepted')).toEqual([]);
    const dump = await dumpState(redis, prefix);
    const got = Object.fromEntries(Object.entries(dump).map(([k, v]) => [k.slice(prefix.length), v]).filter(([k]) => !String(k).includes(':ent:')));
    expect(got).toEqual(expected);
  });
});
