import { createHash } from 'node:crypto';
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';
import { SIGNATURE_WINDOW_S } from './hmac-signature.js';
import type { ReplayGuard } from './ingest-auth.js';

/** A signature is valid once: remembered (hashed) in Redis for twice the timestamp window. */
export function replayGuard(redis: ObzorRedis, keys: Keys): ReplayGuard {
  return async (signature) => {
    const key = keys.auth(`sig:${createHash('sha256').update(signature).digest('hex')}`);
    return (await redis.set(key, '1', 'EX', 2 * SIGNATURE_WINDOW_S, 'NX')) === 'OK';
  };
}
