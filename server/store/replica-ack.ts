/**
 * Issue 18: an accepted event survives a failover. Redis replicates asynchronously: a master that
 * dies right after a write takes the write with it, and the replica promoted in its place never had
 * it. So before ingest answers 200, WAIT asks the master(s) the batch wrote to for `replicas`
 * acknowledgements of everything written so far on our connection. Too few in time: 503 — the
 * sender retries, the retry dedupes against whatever did land, and its own WAIT confirms it.
 */
import { isCluster, type ObzorRedis } from './redis-client.js';
import { slotPipeline } from './slot-pipeline.js';
import { StoreUnavailableError } from './store-errors.js';

export interface ReplicaAck {
  replicas: number;
  timeoutMs: number;
}

/**
 * `slotKeys`: one key in each slot written to (a site's key: one per site), so that on a Cluster the
 * WAIT goes to each master that holds them; on one Redis (or Sentinel's master) one WAIT covers all.
 */
export async function confirmOnReplicas(redis: ObzorRedis, slotKeys: readonly string[], ack: ReplicaAck | undefined): Promise<void> {
  if (!ack || ack.replicas === 0 || slotKeys.length === 0) return;
  let acked: number[];
  try {
    if (isCluster(redis)) {
      const pipe = slotPipeline(redis);
      // the keyless WAIT goes to the node of the key before it (slot-pipeline.ts)
      for (const key of new Set(slotKeys)) pipe.exists(key).wait(ack.replicas, ack.timeoutMs);
      const replies = (await pipe.exec()) ?? [];
      acked = replies.filter((_, i) => i % 2 === 1).map(([err, n]) => (err ? -1 : Number(n)));
    } else {
      acked = [await redis.wait(ack.replicas, ack.timeoutMs)];
    }
  } catch (e) {
    throw new StoreUnavailableError(`could not confirm the write on a replica (${(e as Error).message}); retry`);
  }
  const least = Math.min(...acked);
  if (least < ack.replicas) {
    throw new StoreUnavailableError(`written, but on ${Math.max(0, least)} of ${ack.replicas} replica(s) after ${ack.timeoutMs} ms; retry (the events dedupe)`);
  }
}
