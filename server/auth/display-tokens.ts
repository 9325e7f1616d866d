/**
 * Long-lived tokens for wall screens (kiosks): created by an admin (or from
 * OBZOR_DISPLAY_TOKENS), bound to sites, shown once, stored only as a hash, revocable for good.
 * Revocation is broadcast so every node drops the screen's sockets at once.
 */
import { randomUUID } from 'node:crypto';
import type { DisplayLayout as Layout, DisplayRecord } from '../../shared/display-layout.js';
import { DisplayLayout } from '../../shared/display-layout-schema.js';
import { displayPrincipal, type Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';
import { newSecret, secretHash } from './secret-tokens.js';

/** the record of a display token (shared: the admin view reads it); its layout `{}` is the built-in wall */
export type DisplayView = DisplayRecord;

export class DisplayTokenStore {
  constructor(
    private readonly redis: ObzorRedis,
    private readonly keys: Keys,
  ) {}

  /** Returns the token in clear exactly once. */
  async create(name: string, sites: string[], token = newSecret(), opts: { fromEnv?: boolean; layout?: Layout } = {}): Promise<{ display: DisplayView; token: string }> {
    const id = randomUUID();
    const hash = secretHash(token);
    const layout = opts.layout ?? {};
    const display: DisplayView = { id, name, sites, layout, createdAt: Date.now(), ...(opts.fromEnv ? { fromEnv: true as const } : {}) };
    await this.redis
      .multi()
      .hset(this.keys.auth(`display:${id}`), { name, sites: JSON.stringify(sites), layout: JSON.stringify(layout), tokenHash: hash, createdAt: display.createdAt, ...(opts.fromEnv ? { fromEnv: '1' } : {}) })
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
    return {
      id,
      name: h.name,
      sites: JSON.parse(h.sites ?? '[]') as string[],
      layout: storedLayout(h.layout),
      createdAt: Number(h.createdAt),
      ...(h.revokedAt ? { revokedAt: Number(h.revokedAt) } : {}),
      ...(h.fromEnv ? { fromEnv: true as const } : {}),
    };
  }

  /**
   * Whether this token was ever issued, revoked or not: an env token is provisioned only
   * once, so revoking it sticks across restarts. (Tokens revoked before the hash was kept
   * on revocation are found by their record's tokenHash.)
   */
  async issued(token: string): Promise<boolean> {
    const hash = secretHash(token);
    if (await this.redis.exists(this.keys.auth(`display-hash:${hash}`))) return true;
    const ids = await this.redis.smembers(this.keys.auth('displays'));
    const hashes = await Promise.all(ids.map((id) => this.redis.hget(this.keys.auth(`display:${id}`), 'tokenHash')));
    return hashes.includes(hash);
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

  /**
   * Changes a display's name, sites or layout (a layout replaces the old one whole) and tells
   * every node, which re-lays out the display's screens live. Null: no such display, or revoked.
   */
  async update(id: string, change: { name?: string; sites?: string[]; layout?: Layout }): Promise<DisplayView | null> {
    const d = await this.get(id);
    if (!d || d.revokedAt) return null;
    const fields: Record<string, string> = {};
    if (change.name !== undefined) fields.name = change.name;
    if (change.sites !== undefined) fields.sites = JSON.stringify(change.sites);
    if (change.layout !== undefined) fields.layout = JSON.stringify(change.layout);
    if (!Object.keys(fields).length) return d;
    await this.redis.multi().hset(this.keys.auth(`display:${id}`), fields).publish(this.keys.displayChangedChannel(), id).exec();
    return { ...d, ...change };
  }

  /** How many screens hold a live socket with this token now, on every node (the socket quota's record). */
  async screensOnline(id: string): Promise<number> {
    return this.redis.zcount(this.keys.sockets(displayPrincipal(id)), Date.now(), '+inf');
  }

  /** Tells every node to have this display's screens reload the page (a kiosk stuck on an old version). */
  async reload(id: string): Promise<boolean> {
    if (!(await this.isActive(id))) return false;
    await this.redis.publish(this.keys.displayReloadChannel(), id);
    return true;
  }

  /** The token's hash stays mapped to the (revoked) record: verify refuses it, and start-up does not re-create it. */
  async revoke(id: string): Promise<boolean> {
    const h = await this.redis.hgetall(this.keys.auth(`display:${id}`));
    if (!h.name) return false;
    await this.redis.multi().hset(this.keys.auth(`display:${id}`), 'revokedAt', Date.now()).publish(this.keys.revokedChannel(), id).exec();
    return true;
  }
}

/** A record written before layouts existed (or damaged by hand) reads as the built-in wall. */
function storedLayout(raw: string | undefined): Layout {
  if (!raw) return {};
  try {
    const parsed = DisplayLayout.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
