/** Users (login, role, sites, bcrypt hash) in Redis, shared by every node. */
import { z } from 'zod';
import { Role } from '../../shared/auth-api.js';
import type { UserRecord } from '../../shared/roles.js';
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';
import { passwordPool, type PasswordHasher } from './password-pool.js';
import { BCRYPT_COST, MIN_PASSWORD_LENGTH } from './passwords.js';
import { SessionRevocation } from './session-revocation.js';

export const NewUser = z.object({
  login: z.string().regex(/^[a-z0-9._-]{2,64}$/, '2–64 chars of a-z 0-9 . _ -'),
  role: Role,
  password: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(256),
  sites: z.array(z.string()).default([]),
});
export type NewUser = z.input<typeof NewUser>;

/** PATCH /api/v1/admin/users/:login: a new role and/or sites (the password is not changed here) */
export const UserChange = z
  .object({ role: Role.optional(), sites: z.array(z.string()).optional() })
  .strict()
  .refine((c) => c.role !== undefined || c.sites !== undefined, 'expected role and/or sites');
export type UserChange = z.infer<typeof UserChange>;

/** POST /api/v1/admin/users/:login/password: an admin sets a new password (the user's sessions end) */
export const PasswordReset = z.object({ password: NewUser.shape.password }).strict();

/** a user's record (shared: the admin view reads it) */
export type UserView = UserRecord;

export class UserExistsError extends Error {}

/**
 * Deleting a user or changing what it may see ends all its sessions at once, and every node
 * drops their sockets (session-revocation.ts): access ends when it is taken away, not at the
 * session's idle expiry.
 */
export class UserStore {
  private dummy: Promise<string> | undefined;
  private readonly sessions: SessionRevocation;

  constructor(
    private readonly redis: ObzorRedis,
    private readonly keys: Keys,
    private readonly bcryptCost = BCRYPT_COST,
    private readonly hasher: PasswordHasher = passwordPool,
  ) {
    this.sessions = new SessionRevocation(redis, keys);
  }

  async count(): Promise<number> {
    return this.redis.scard(this.keys.auth('users'));
  }

  async create(input: NewUser): Promise<UserView> {
    const u = NewUser.parse(input);
    const hash = await this.hasher.hash(u.password, this.bcryptCost);
    const createdAt = Date.now();
    const key = this.keys.auth(`user:${u.login}`);
    const created = await this.redis.hsetnx(key, 'hash', hash);
    if (!created) throw new UserExistsError(`user ${u.login} already exists`);
    await this.redis.multi().hset(key, { role: u.role, sites: JSON.stringify(u.sites), createdAt }).sadd(this.keys.auth('users'), u.login).exec();
    return { login: u.login, role: u.role, sites: u.sites, createdAt };
  }

  async list(): Promise<UserView[]> {
    const logins = (await this.redis.smembers(this.keys.auth('users'))).sort();
    const users = await Promise.all(logins.map((l) => this.get(l)));
    return users.filter((u): u is UserView => u !== null);
  }

  async get(login: string): Promise<UserView | null> {
    const h = await this.redis.hgetall(this.keys.auth(`user:${login}`));
    if (!h.role) return null;
    return { login, role: Role.parse(h.role), sites: JSON.parse(h.sites ?? '[]') as string[], createdAt: Number(h.createdAt) };
  }

  /** Makes the dummy hash now (in the background at start-up), so the first unknown login is not slower than the rest. */
  async prepare(): Promise<void> {
    await this.dummyHash();
  }

  /** made once per store, in the password pool: start-up does not wait for it */
  private dummyHash(): Promise<string> {
    this.dummy ??= this.hasher.hash('obzor-dummy-password', this.bcryptCost).catch((e: unknown) => {
      this.dummy = undefined;
      throw e;
    });
    return this.dummy;
  }

  async remove(login: string): Promise<boolean> {
    const [[, n]] = (await this.redis.multi().del(this.keys.auth(`user:${login}`)).srem(this.keys.auth('users'), login).exec()) as [[null, number]];
    // even if it was gone already: a session that outlived an earlier delete ends now
    await this.sessions.endUser(login);
    return n === 1;
  }

  /** New role and/or sites; the user's sessions end, so it logs in again under the new rights. Null if no such user. */
  async update(login: string, change: UserChange): Promise<UserView | null> {
    const c = UserChange.parse(change);
    const changed = await this.redis.updateUser(this.keys.auth(`user:${login}`), c.role ?? '', c.sites ? JSON.stringify(c.sites) : '');
    if (!changed) return null;
    await this.sessions.endUser(login);
    return this.get(login);
  }

  /** A new password (an admin's reset): every session of the user ends, so the old one opens nothing. */
  async setPassword(login: string, password: string): Promise<boolean> {
    const key = this.keys.auth(`user:${login}`);
    if (!(await this.redis.exists(key))) return false;
    const hash = await this.hasher.hash(password, this.bcryptCost);
    // only an existing user: a reset racing a delete must not bring the user back half-made
    const set = await this.redis.eval("if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HSET', KEYS[1], 'hash', ARGV[1]) else return -1 end", 1, key, hash);
    if (set === -1) return false;
    await this.sessions.endUser(login);
    return true;
  }

  /**
   * The user if the password matches; always spends one bcrypt comparison, against a hash of
   * the configured cost for an unknown login, so its answer takes as long as a known one's.
   */
  async authenticate(login: string, password: string): Promise<UserView | null> {
    const h = await this.redis.hgetall(this.keys.auth(`user:${login}`));
    const ok = await this.hasher.verify(password, h.hash ?? (await this.dummyHash()));
    if (!ok || !h.hash) return null;
    return this.get(login);
  }
}
