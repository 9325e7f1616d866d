/**
 * Issue 18: one round trip over keys of many slots on a real Cluster (the run's, cluster-setup.ts):
 * a plain ioredis cluster pipeline refuses it; ours sends one pipeline per slot and hands back every
 * reply in the order of the commands, a keyless WAIT going to the node of the key before it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { Keys } from '../../server/store/keys.js';
import { connectRedis, createRedis, isCluster, type ObzorRedis } from '../../server/store/redis-client.js';
import { scanKeys, unlinkKeys } from '../../server/store/scan-keys.js';
import { slotPipeline } from '../../server/store/slot-pipeline.js';

const nodes = process.env.REDIS_CLUSTER_NODES;
const keys = new Keys(`obzor-test:${randomUUID().slice(0, 8)}:`);
let redis: ObzorRedis;

describe.skipIf(!nodes)('slot pipeline on a Redis Cluster', () => {
  beforeAll(async () => {
    redis = createRedis(loadConfig({ REDIS_CLUSTER_NODES: nodes! }), 'obzor-test');
    await connectRedis(redis);
  });
  afterAll(async () => {
    for await (const batch of scanKeys(redis, `${keys.prefix}*`)) await unlinkKeys(redis, batch);
    redis.disconnect();
  });

  it('runs commands of twelve sites (several masters) in one call, replies in order', async () => {
    expect(isCluster(redis)).toBe(true);
    const sites = Array.from({ length: 12 }, (_, i) => `site-${i}`);
    const plain = redis.pipeline();
    for (const s of sites) plain.incrby(keys.seq(s), 1);
    await expect(plain.exec()).rejects.toThrow(/same slots allocation group|CROSSSLOT/);

    const pipe = slotPipeline(redis);
    sites.forEach((s, i) => pipe.incrby(keys.seq(s), i + 1).hset(keys.live(s, 'calls'), 'c', `v${i}`).exists(keys.seq(s)).wait(1, 1000));
    const replies = (await pipe.exec())!;
    expect(replies.map(([err]) => err)).toEqual(replies.map(() => null));
    // per site: INCRBY's new value, HSET's 1 new field, EXISTS 1, WAIT's 1 replica
    expect(replies.map(([, v]) => v)).toEqual(sites.flatMap((_, i) => [i + 1, 1, 1, 1]));
    for (const [i, s] of sites.entries()) expect(await redis.hget(keys.live(s, 'calls'), 'c')).toBe(`v${i}`);
  });
});
