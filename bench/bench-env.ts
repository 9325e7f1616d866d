/**
 * What every bench step shares: a unique Redis key prefix (deleted at the end, never FLUSHDB),
 * the credentials the bench server is provisioned with, and the environment of that server.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const SITE = 'yuzhno-sakhalinsk';

export interface BenchEnv {
  /** `obzor-bench:<rand>:`; each step adds its own sub-prefix */
  prefix: string;
  ingestKey: string;
  displayToken: string;
}

export function newBenchEnv(): BenchEnv {
  return {
    prefix: `obzor-bench:${randomBytes(4).toString('hex')}:`,
    ingestKey: randomBytes(24).toString('base64url'),
    displayToken: randomBytes(24).toString('base64url'),
  };
}

/** Environment of a bench server: no demo, our key and wall token, no practical rate limit. */
export function serverEnv(env: BenchEnv, subPrefix: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_URL,
    OBZOR_KEY_PREFIX: `${env.prefix}${subPrefix}`,
    OBZOR_DEMO: 'off',
    OBZOR_ARCHIVE_CHECK_MS: '0',
    OBZOR_INGEST_KEYS: `bench=${env.ingestKey}`,
    OBZOR_DISPLAY_TOKENS: `bench-wall=${env.displayToken}`,
    // the default (200 requests/s per source) would cap the webhook step, not the server
    OBZOR_INGEST_RATE: '10000000',
    // every bench screen uses the one display token (the default allows 20 sockets per token);
    // connections per address need nothing: the bench connects over loopback, which is not counted
    OBZOR_SOCKETS_PER_PRINCIPAL: '1000000',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

export function authHeaders(env: BenchEnv): Record<string, string> {
  return { authorization: `Bearer ${env.ingestKey}` };
}

/** Deletes every key under `prefix` (SCAN + UNLINK); returns how many. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  if (!/^obzor-bench:[0-9a-f]{8}:/.test(prefix)) throw new Error(`refusing to delete keys outside a bench prefix: ${prefix}`);
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
