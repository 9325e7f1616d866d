/**
 * Long-lived tokens for wall screens (kiosks): created by an admin, bound to sites, shown
 * once, stored only as a hash, revocable. Revocation is broadcast so every node drops the
 * screen's sockets at once.
 */
import { randomUUID } from 'node:crypto';
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';
import { newSecret, secretHash } from './secret-tokens.js';

export interface DisplayView {
  id: string;
  name: string;
  sites: string[];
  createdAt: number;
  revokedAt?: number;
}

export class DisplayTokenStore {
  constructor(
    private readonly redis: ObzorRedis,
    private readonly keys: Keys,
  ) {}

  /** Returns the token in clear exactly once. */
  async create(name: string, sites: string[], token = newSecret()): Promise<{ display: DisplayView; token: string }> {
    const id = randomUUID();
    const hash = secretHash(token);
    const display: DisplayView = { id, name, sites, createdAt: Date.now() };
    await this.redis
      .multi()
      .hset(this.keys.auth(`display:${id}`), { name, sites: JSON.stringify(sites), tokenHash: hash, createdAt: display.createdAt })
      .set(this.keys.auth(`display-hash:${hash}`), id)
      .sadd(this.keys.auth('displays'), id)
      .exec();
    return { display, token };
  }

  async list(): Promise<DisplayView[]> {
    const ids = await this.redis.smembers(this.keys.auth('displays'));
    const all = await Promise.all(ids.map((id) => this.get(id)));
    return all.filter((d): d is DisplayView => d !== null).sort((a, b) => a.createdAt - b.createdAt);
  }

  async get(id: string): Promise<DisplayView | null> {
    const h = await this.redis.hgetall(this.keys.auth(`display:${id}`));
    if (!h.name) return null;
    return { id, name: h.name, sites: JSON.parse(h.sites ?? '[]') as string[], createdAt: Number(h.createdAt), ...(h.revokedAt ? { revokedAt: Number(h.revokedAt) } : {}) };
  }

  /** The display a token opens, or null if unknown or revoked. */
  async verify(token: string): Promise<DisplayView | null> {
    const id = await this.redis.get(this.keys.auth(`display-hash:${secretHash(token)}`));
    if (!id) return null;
    const d = await this.get(id);
    return d && !d.revokedAt ? d : null;
  }

  async isActive(id: string): Promise<boolean> {
    const d = await this.get(id);
    return !!d && !d.revokedAt;
  }

  async revoke(id: string): Promise<boolean> {
    const h = await this.redis.hgetall(this.keys.auth(`display:${id}`));
    if (!h.name) return false;
    await this.redis
      .multi()
      .hset(this.keys.auth(`display:${id}`), 'revokedAt', Date.now())
      .del(this.keys.auth(`display-hash:${h.tokenHash}`))
      .publish(this.keys.revokedChannel(), id)
      .exec();
    return true;
  }
}
