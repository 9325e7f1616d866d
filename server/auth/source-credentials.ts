/**
 * Ingest sources: an API key (stored as its SHA-256) and/or an HMAC secret (stored in
 * clear, since verifying a signature needs it — protect Redis accordingly; docs/security.md).
 * Keys provisioned from the environment (OBZOR_INGEST_KEYS) live in memory only.
 */
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';
import { newSecret, secretHash } from './secret-tokens.js';

export const SOURCE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export class SourceCredentials {
  private readonly memory = new Map<string, string>();

  constructor(
    private readonly redis: ObzorRedis,
    private readonly keys: Keys,
  ) {}

  /** keys given at start-up (env) or generated for the built-in demo feed */
  provision(source: string, apiKey: string): void {
    this.memory.set(secretHash(apiKey), source);
  }

  async create(source: string, opts: { hmac?: boolean } = {}): Promise<{ apiKey: string; hmacSecret?: string }> {
    if (!SOURCE_NAME.test(source)) throw new Error('source name: expected 1–64 chars of a-z 0-9 . _ -');
    const apiKey = newSecret();
    const hmacSecret = opts.hmac ? newSecret() : undefined;
    const old = await this.redis.hget(this.keys.auth(`source:${source}`), 'keyHash');
    const m = this.redis.multi();
    if (old) m.del(this.keys.auth(`source-key:${old}`));
    m.hset(this.keys.auth(`source:${source}`), { keyHash: secretHash(apiKey), createdAt: Date.now(), ...(hmacSecret ? { hmacSecret } : {}) });
    m.set(this.keys.auth(`source-key:${secretHash(apiKey)}`), source);
    m.sadd(this.keys.auth('sources'), source);
    await m.exec();
    return { apiKey, ...(hmacSecret ? { hmacSecret } : {}) };
  }

  async sourceOfKey(apiKey: string): Promise<string | null> {
    const hash = secretHash(apiKey);
    return this.memory.get(hash) ?? (await this.redis.get(this.keys.auth(`source-key:${hash}`)));
  }

  async hmacSecret(source: string): Promise<string | null> {
    return this.redis.hget(this.keys.auth(`source:${source}`), 'hmacSecret');
  }

  async list(): Promise<{ source: string; createdAt: number; hmac: boolean }[]> {
    const names = (await this.redis.smembers(this.keys.auth('sources'))).sort();
    return Promise.all(
      names.map(async (source) => {
        const h = await this.redis.hgetall(this.keys.auth(`source:${source}`));
        return { source, createdAt: Number(h.createdAt), hmac: !!h.hmacSecret };
      }),
    );
  }

  async remove(source: string): Promise<boolean> {
    const hash = await this.redis.hget(this.keys.auth(`source:${source}`), 'keyHash');
    if (!hash) return false;
    await this.redis.multi().del(this.keys.auth(`source:${source}`), this.keys.auth(`source-key:${hash}`)).srem(this.keys.auth('sources'), source).exec();
    return true;
  }
}
