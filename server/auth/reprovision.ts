/**
 * Redis restarted without persistence comes back empty: no users, display tokens, session
 * secret. What configuration provides (the first admin, env display tokens and keys, this node's
 * session secret) is put back at once, so walls and the admin get in again without restarting
 * every node. A marker key tells "empty" from "provisioned"; a short lock keeps nodes from doing it twice.
 */
import type { Logger } from 'pino';
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';

const LOCK_MS = 10_000;

export function provisionedMarker(keys: Keys): string {
  return keys.auth('provisioned');
}

/** `provision` puts configuration's credentials in Redis; the marker is set after it succeeds. */
export async function provisionCredentials(redis: ObzorRedis, keys: Keys, provision: () => Promise<void>): Promise<void> {
  await provision();
  await redis.set(provisionedMarker(keys), String(Date.now()));
}

/** On every reconnect: if the marker is gone, Redis lost its data — provision again. */
export function reprovisionWhenEmptied(redis: ObzorRedis, keys: Keys, provision: () => Promise<void>, log: Logger): () => void {
  const check = async () => {
    if (await redis.exists(provisionedMarker(keys))) return;
    if ((await redis.set(keys.auth('provisioning'), '1', 'PX', LOCK_MS, 'NX')) !== 'OK') return;
    try {
      log.warn('Redis came back without Obzor’s credentials (restarted without persistence?): putting back the provisioned admin, display tokens, keys and session secret');
      await provisionCredentials(redis, keys, provision);
    } finally {
      await redis.del(keys.auth('provisioning'));
    }
  };
  const onReady = () => void check().catch((e: Error) => log.warn({ err: e.message }, 'could not re-provision credentials; will try at the next reconnect'));
  redis.on('ready', onReady);
  return () => redis.off('ready', onReady);
}
