/**
 * Ingest sources: an API key (stored as its SHA-256) and/or an HMAC secret (stored in
 * clear, since verifying a signature needs it — protect Redis accordingly; docs/security.md).
 * A key from the environment (OBZOR_INGEST_KEYS) is stored like an admin-made one, in a field
 * of its own (`envKeyHash`), so it is listed and revoked the same way; a removed key is
 * remembered (`source-revoked:<sha256>`) and never provisioned again, whatever the env says.
 * Only the built-in demo feed's key lives in memory, for its one process.
 */
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';
import { newSecret, secretHash } from './secret-tokens.js';
import type { SourceRecord } from '../../shared/roles.js';

export const SOURCE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export class SourceCredentials {
  private readonly memory = new Map<string, string>();

  constructor(
    private readonly redis: ObzorRedis,
    private readonly keys: Keys,
  ) {}

  /** the built-in demo feed's key: this process only, never stored */
  provision(source: string, apiKey: string): void {
    this.memory.set(secretHash(apiKey), source);
  }

  /**
   * An OBZOR_INGEST_KEYS key at start-up: stored (listed, revocable) unless it was revoked
   * before. A changed env key replaces the source's previous env key; an admin-made key of
   * the same source stays valid beside it.
   */
  async provisionFromEnv(source: string, apiKey: string): Promise<'provisioned' | 'revoked'> {
    const hash = secretHash(apiKey);
    if (await this.redis.exists(this.keys.auth(`source-revoked:${hash}`))) return 'revoked';
    const key = this.keys.auth(`source:${source}`);
    const old = await this.redis.hget(key, 'envKeyHash');
    const m = this.redis.multi();
    if (old && old !== hash) m.del(this.keys.auth(`source-key:${old}`));
    m.hset(key, 'envKeyHash', hash).hsetnx(key, 'createdAt', Date.now());
    m.set(this.keys.auth(`source-key:${hash}`), source);
    m.sadd(this.keys.auth('sources'), source);
    await m.exec();
    return 'provisioned';
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

  /** `fromEnv`: the source has a key from OBZOR_INGEST_KEYS; `hmac`: it may sign requests */
  async list(): Promise<SourceRecord[]> {
    const names = (await this.redis.smembers(this.keys.auth('sources'))).sort();
    return Promise.all(
      names.map(async (source) => {
        const h = await this.redis.hgetall(this.keys.auth(`source:${source}`));
        return { source, createdAt: Number(h.createdAt), hmac: !!h.hmacSecret, fromEnv: !!h.envKeyHash };
      }),
    );
  }

  /** Revokes every key of the source (admin-made and env) for good: a restart does not bring an env key back. */
  async remove(source: string): Promise<boolean> {
    const h = await this.redis.hgetall(this.keys.auth(`source:${source}`));
    const hashes = [h.keyHash, h.envKeyHash].filter((x): x is string => !!x);
    if (!hashes.length) return false;
    const m = this.redis.multi().del(this.keys.auth(`source:${source}`));
    for (const hash of hashes) m.del(this.keys.auth(`source-key:${hash}`)).set(this.keys.auth(`source-revoked:${hash}`), source);
    await m.srem(this.keys.auth('sources'), source).exec();
    return true;
  }
}
