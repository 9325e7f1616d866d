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
import { SOCKET_UNAUTHORIZED, type ClientToServerEvents, type ServerToClientEvents } from '../../shared/socket.js';
import { ev } from '../helpers/event-factory.js';
import { privateRedis, type PrivateRedis } from '../helpers/processes.js';
import { waitUntil } from '../helpers/wait-until.js';
import { deletePrefix, loginAs, PASSWORD, startTestApp, WALL_TOKEN, type TestApp } from '../helpers/start-app.js';

type ObzorSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const sockets: ObzorSocket[] = [];
afterAll(() => {
  for (const s of sockets) s.close();
});

/** A browser's socket with its session cookie, once it has its snapshot. */
async function openSocket(url: string, cookie: string): Promise<ObzorSocket> {
  const s = connect(url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } }) as ObzorSocket;
  sockets.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once('snapshot', () => resolve());
    s.once('connect_error', (e) => reject(e));
  });
  return s;
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
  // an app of its own: these tests spend the limits of its users
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

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

  it('Secure cookies (OBZOR_COOKIE_SECURE=auto) follow the same trust: X-Forwarded-Proto counts only from a trusted proxy', async () => {
    const viaHttps = (url: string) => loginRequest(url, 'wall', PASSWORD, { 'x-forwarded-proto': 'https' }).then((r) => r.headers.get('set-cookie') ?? '');
    expect(await viaHttps(app.url)).not.toMatch(/;\s*Secure/i);
    const proxied = await startTestApp({}, { OBZOR_TRUST_PROXY: 'loopback' });
    try {
      expect(await viaHttps(proxied.url)).toMatch(/;\s*Secure/i);
      expect(await loginRequest(proxied.url, 'wall', PASSWORD).then((r) => r.headers.get('set-cookie'))).not.toMatch(/;\s*Secure/i);
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

describe('env credentials stay revoked across restarts', { timeout: 60_000 }, () => {
  it('a display token from OBZOR_DISPLAY_TOKENS, revoked, is refused after a restart with the same env', async () => {
    const first = await startTestApp({}, {}, { keepData: true });
    const prefix = first.prefix;
    let second: TestApp | undefined;
    try {
      const admin = await first.login('admin');
      const { displays } = await (await admin.fetch('/api/v1/admin/display-tokens')).json();
      const env = displays.find((d: { name: string }) => d.name === 'test-wall');
      expect(env).toMatchObject({ name: 'test-wall', fromEnv: true });
      expect((await first.wallFetch('/api/v1/snapshot')).status).toBe(200);
      expect((await admin.fetch(`/api/v1/admin/display-tokens/${env.id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await first.wallFetch('/api/v1/snapshot')).status).toBe(401);
      await first.close();
      second = await startTestApp({}, {}, { prefix });
      expect((await second.wallFetch('/api/v1/snapshot')).status).toBe(401);
      const wall = connect(second.url, { transports: ['websocket'], reconnection: false, auth: { token: WALL_TOKEN } }) as ObzorSocket;
      sockets.push(wall);
      expect(await new Promise((resolve) => wall.once('connect_error', (e) => resolve(e.message)))).toBe(SOCKET_UNAUTHORIZED);
      // and it is not re-created beside the revoked one
      const { displays: after } = await (await (await second.login('admin')).fetch('/api/v1/admin/display-tokens')).json();
      expect(after.filter((d: { name: string }) => d.name === 'test-wall')).toHaveLength(1);
    } finally {
      await first.close();
      if (second) await second.close();
      else await deletePrefix(prefix);
    }
  });

  it('an ingest key from OBZOR_INGEST_KEYS is listed as from env, revocable, and stays revoked after a restart', async () => {
    const first = await startTestApp({}, {}, { keepData: true });
    const prefix = first.prefix;
    let second: TestApp | undefined;
    try {
      const admin = await first.login('admin');
      const { sources } = await (await admin.fetch('/api/v1/admin/sources')).json();
      expect(sources).toContainEqual(expect.objectContaining({ source: 'test-feed', fromEnv: true, hmac: false }));
      const event = () => [ev('call.abandoned', 0, { callId: `env-key-${Math.random()}` })];
      expect((await first.post(event())).status).toBe(200);
      expect((await admin.fetch('/api/v1/admin/sources/test-feed', { method: 'DELETE' })).status).toBe(204);
      expect((await first.post(event())).status).toBe(401);
      await first.close();
      second = await startTestApp({}, {}, { prefix });
      expect((await second.post(event())).status).toBe(401);
      const { sources: after } = await (await (await second.login('admin')).fetch('/api/v1/admin/sources')).json();
      expect(after.map((s: { source: string }) => s.source)).not.toContain('test-feed');
    } finally {
      await first.close();
      if (second) await second.close();
      else await deletePrefix(prefix);
    }
  });

  it('a changed env key replaces the previous env key of that source; an admin-made key stays valid beside it', async () => {
    const first = await startTestApp({}, {}, { keepData: true });
    const prefix = first.prefix;
    let second: TestApp | undefined;
    try {
      const { apiKey } = await first.sources.create('test-feed');
      await first.close();
      const newKey = 'a-rotated-env-key-0123456789abcdef';
      second = await startTestApp({}, { OBZOR_INGEST_KEYS: `test-feed=${newKey}` }, { prefix });
      const post = (key: string) =>
        fetch(`${second!.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify([ev('call.abandoned', 0, { callId: `rot-${Math.random()}` })]) });
      expect((await post(newKey)).status).toBe(200);
      expect((await post(apiKey)).status).toBe(200);
      expect((await second.post([ev('call.abandoned', 0, { callId: 'old-env-key' })])).status).toBe(401);
    } finally {
      await first.close();
      if (second) await second.close();
      else await deletePrefix(prefix);
    }
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
    await redis.kill9();
    await waitUntil(() => down.redis.status !== 'ready', 'the app notices Redis is gone', 10_000);
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
    await waitUntil(() => down.redis.status === 'ready', 'the app reconnects', 15_000);
    await waitUntil(async () => (await admin.fetch('/api/v1/auth/me')).status === 200, 'me answers again', 10_000);
  });
});

/** the bound a dropped socket must meet: well under the 30-s re-check, so only the notice can meet it */
const DROP_MS = 5000;

describe('access ends when it is taken away, on every node', { timeout: 60_000 }, () => {
  let other: TestApp;
  beforeAll(async () => {
    // a second node on the same data: the change is made on one node, the socket lives on the other
    other = await startTestApp({}, {}, { prefix: app.prefix, keepData: true });
  });
  afterAll(async () => {
    await other?.close();
  });

  async function managerWithSocket(login: string) {
    const admin = await app.login('admin');
    expect((await admin.fetch('/api/v1/admin/users', { method: 'POST', json: { login, role: 'manager', password: PASSWORD } })).status).toBe(201);
    const session = await loginAs(app.url, login, PASSWORD);
    const socket = await openSocket(other.url, session.cookie);
    return { admin, session, socket };
  }

  it('deleting a user drops its sockets at once and ends its sessions', async () => {
    const { admin, session, socket } = await managerWithSocket('gone-manager');
    expect((await session.fetch('/api/v1/snapshot')).status).toBe(200);
    expect((await admin.fetch('/api/v1/admin/users/gone-manager', { method: 'DELETE' })).status).toBe(204);
    await waitUntil(() => !socket.connected, 'the deleted manager’s socket is dropped', DROP_MS);
    expect((await session.fetch('/api/v1/snapshot')).status).toBe(401);
    expect(await app.redis.exists(app.keys.userSessions('gone-manager'))).toBe(0);
  });

  it('changing a user’s role drops its sockets and ends its sessions; a new login gets the new role', async () => {
    const { admin, session, socket } = await managerWithSocket('demoted-manager');
    const changed = await admin.fetch('/api/v1/admin/users/demoted-manager', { method: 'PATCH', json: { role: 'duty' } });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ login: 'demoted-manager', role: 'duty', sites: [] });
    await waitUntil(() => !socket.connected, 'the demoted manager’s socket is dropped', DROP_MS);
    expect((await session.fetch('/api/v1/auth/me')).status).toBe(401);
    const again = await loginAs(app.url, 'demoted-manager', PASSWORD);
    expect(await (await again.fetch('/api/v1/auth/me')).json()).toMatchObject({ role: 'duty' });
  });

  it('changing a user’s sites does the same', async () => {
    const { admin, session, socket } = await managerWithSocket('moved-manager');
    const changed = await admin.fetch('/api/v1/admin/users/moved-manager', { method: 'PATCH', json: { sites: ['kholmsk'] } });
    expect(await changed.json()).toMatchObject({ role: 'manager', sites: ['kholmsk'] });
    await waitUntil(() => !socket.connected, 'the moved manager’s socket is dropped', DROP_MS);
    expect((await session.fetch('/api/v1/snapshot')).status).toBe(401);
  });

  it('PATCH validates, answers 404 for an unknown user, and is admin-only and CSRF-protected', async () => {
    const admin = await app.login('admin');
    const bad = await admin.fetch('/api/v1/admin/users/duty', { method: 'PATCH', json: { role: 'root' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/^role: expected "wall" \| "duty" \| "manager" \| "admin"/);
    expect((await admin.fetch('/api/v1/admin/users/duty', { method: 'PATCH', json: {} })).status).toBe(400);
    expect((await admin.fetch('/api/v1/admin/users/duty', { method: 'PATCH', json: { role: 'duty', password: 'a new password!' } })).status).toBe(400);
    const site = await admin.fetch('/api/v1/admin/users/duty', { method: 'PATCH', json: { sites: ['mars'] } });
    expect((await site.json()).error).toBe('sites: expected known site ids, got mars');
    expect((await admin.fetch('/api/v1/admin/users/nobody', { method: 'PATCH', json: { role: 'duty' } })).status).toBe(404);
    const noCsrf = await fetch(`${app.url}/api/v1/admin/users/duty`, { method: 'PATCH', headers: { cookie: admin.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ role: 'admin' }) });
    expect(noCsrf.status).toBe(403);
    const manager = await app.login('manager');
    expect((await manager.fetch('/api/v1/admin/users/duty', { method: 'PATCH', json: { role: 'admin' } })).status).toBe(403);
    expect(await app.users.get('duty')).toMatchObject({ role: 'duty', sites: [] });
    expect(await app.redis.hexists(app.keys.auth('user:nobody'), 'role')).toBe(0);
  });

  it('logout drops the socket of that session at once, and only that one', async () => {
    const first = await app.login('duty');
    const second = await app.login('duty');
    const [s1, s2] = [await openSocket(other.url, first.cookie), await openSocket(other.url, second.cookie)];
    expect((await first.fetch('/api/v1/auth/logout', { method: 'POST' })).status).toBe(204);
    await waitUntil(() => !s1.connected, 'the logged-out socket is dropped', DROP_MS);
    expect((await first.fetch('/api/v1/snapshot')).status).toBe(401);
    expect(s2.connected).toBe(true);
    expect((await second.fetch('/api/v1/snapshot')).status).toBe(200);
  });
});
