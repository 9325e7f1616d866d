import { createHash } from 'node:crypto';
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';
import { SIGNATURE_WINDOW_S } from './hmac-signature.js';
import type { ReplayGuard } from './ingest-auth.js';

/**
 * A signature applies its request once: it is remembered (hashed) in Redis for twice the
 * timestamp window, from the moment its request was applied — not when it was checked, so a
 * request refused (429, 503) or never answered may be sent again as it was.
 */
export function replayGuard(redis: ObzorRedis, keys: Keys): ReplayGuard {
  const key = (signature: string) => keys.auth(`sig:${createHash('sha256').update(signature).digest('hex')}`);
  return {
    used: async (signature) => (await redis.exists(key(signature))) === 1,
    markApplied: async (signature) => void (await redis.set(key(signature), '1', 'EX', 2 * SIGNATURE_WINDOW_S)),
  };
}
