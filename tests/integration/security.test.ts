import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket.js';
import { sign } from '../../server/auth/hmac-signature.js';
import { ev } from '../helpers/event-factory.js';
import { listRoutes } from '../helpers/list-routes.js';
import { PASSWORD, startTestApp, WALL_TOKEN, type TestApp } from '../helpers/start-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

/** reachable without credentials, by design */
const PUBLIC = new Set(['GET /healthz', 'GET /readyz', 'POST /api/v1/auth/login']);
const isSpaFallback = (r: { path: string }) => r.path.startsWith('/^');

function concrete(path: string): string {
  return path.replace(/:(\w+)/g, 'x');
}

describe('authentication on every route', () => {
  it('refuses every route of the app without credentials (a new route without auth fails this test)', async () => {
    const routes = listRoutes(app.app).filter((r) => !isSpaFallback(r));
    expect(routes.length).toBeGreaterThan(10);
    const open: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      if (PUBLIC.has(key)) continue;
      const res = await fetch(`${app.url}${concrete(r.path)}`, { method: r.method, headers: { 'content-type': 'application/json' }, ...(r.method === 'GET' ? {} : { body: '{}' }) });
      if (res.status !== 401 && res.status !== 403) open.push(`${key} → ${res.status}`);
    }
    expect(open).toEqual([]);
  });

  it('serves the SPA shell and health without credentials, but no data', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${app.url}/api/v1/snapshot`)).status).toBe(401);
  });
});

describe('role matrix', () => {
  const cases: [role: 'wall' | 'duty' | 'manager' | 'admin', snapshot: number, admin: number][] = [
    ['wall', 200, 403],
    ['duty', 200, 403],
    ['manager', 200, 403],
    ['admin', 200, 200],
  ];
  it.each(cases)('%s: snapshot %i, admin API %i', async (role, snapshot, admin) => {
    const s = await app.login(role);
    expect((await s.fetch('/api/v1/snapshot')).status).toBe(snapshot);
    expect((await s.fetch('/api/v1/admin/users')).status).toBe(admin);
    expect((await s.fetch('/api/v1/auth/me')).status).toBe(200);
  });

  it('personal data only for roles allowed to see it (N6)', async () => {
    await app.post([ev('conflict.raised', 0, { conflictId: 'pd-1', agentId: 'op-1', summary: 'Сидорова грозит судом', client: { name: 'Сидорова А. А.', phone: '+7 914 111-22-33' } }, { base: Date.now() - 5000 })]);
    for (const role of ['wall', 'duty'] as const) {
      const text = await (await (await app.login(role)).fetch('/api/v1/snapshot')).text();
      expect(text).toContain('pd-1');
      expect(text).not.toContain('Сидорова');
    }
    for (const role of ['manager', 'admin'] as const) {
      expect(await (await (await app.login(role)).fetch('/api/v1/snapshot')).text()).toContain('Сидорова А. А.');
    }
  });

  it('a wall display token reads the snapshot but nothing else', async () => {
    expect((await app.wallFetch('/api/v1/snapshot')).status).toBe(200);
    expect((await app.wallFetch('/api/v1/admin/users')).status).toBe(403);
  });
});

describe('sessions', () => {
  it('refuses a change without the CSRF token, accepts it with the token', async () => {
    const admin = await app.login('admin');
    const body = JSON.stringify({ login: 'newcomer', role: 'duty', password: 'a long enough password' });
    const noToken = await fetch(`${app.url}/api/v1/admin/users`, { method: 'POST', headers: { cookie: admin.cookie, 'content-type': 'application/json' }, body });
    expect(noToken.status).toBe(403);
    const ok = await admin.fetch('/api/v1/admin/users', { method: 'POST', json: { login: 'newcomer', role: 'duty', password: 'a long enough password' } });
    expect(ok.status).toBe(201);
    const bad = await admin.fetch('/api/v1/admin/users', { method: 'POST', json: { login: 'Bad Login', role: 'root', password: 'short' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/login: .*; role: expected "wall" \| "duty" \| "manager" \| "admin", got string "root"; password: /);
  });

  it('sets an httpOnly SameSite=Strict cookie, and logout ends the session', async () => {
    const res = await fetch(`${app.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'duty', password: PASSWORD }) });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const s = await app.login('duty');
    expect((await s.fetch('/api/v1/auth/logout', { method: 'POST' })).status).toBe(204);
    expect((await s.fetch('/api/v1/snapshot')).status).toBe(401);
  });

  it('limits failed logins per login and address', async () => {
    const attempt = (password: string) => fetch(`${app.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'manager', password }) });
    for (let i = 0; i < 5; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401);
    const blocked = await attempt(PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('ingest sources', () => {
  const body = () => JSON.stringify([ev('call.abandoned', 0, { callId: `sig-${Math.random()}` })]);
  const post = (b: string, headers: Record<string, string>) => fetch(`${app.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: b });

  it('refuses no key and a wrong key, accepts the right key (Bearer or X-Api-Key)', async () => {
    expect((await post(body(), {})).status).toBe(401);
    expect((await post(body(), { authorization: 'Bearer not-a-key-not-a-key-not-a-key' })).status).toBe(401);
    const { apiKey } = await app.sources.create('crm-1');
    expect((await post(body(), { 'x-api-key': apiKey })).status).toBe(200);
    expect((await post(body(), { authorization: `Bearer ${apiKey}` })).status).toBe(200);
  });

  it('HMAC: accepts a fresh signature, refuses forged, expired and replayed ones', async () => {
    const { hmacSecret } = await app.sources.create('pbx-hmac', { hmac: true });
    const now = Math.floor(Date.now() / 1000);
    const b = body();
    const headers = (ts: number, sig: string) => ({ 'x-obzor-source': 'pbx-hmac', 'x-obzor-timestamp': String(ts), 'x-obzor-signature': sig });
    const good = headers(now, sign(hmacSecret!, now, b));
    const ok = await post(b, good);
    expect(ok.status).toBe(200);
    expect((await ok.json()).results[0].status).toBe('accepted');
    const replay = await post(b, good);
    expect(replay.status).toBe(401);
    expect((await replay.json()).error).toMatch(/replayed/);
    expect((await post(b, headers(now, sign('forged-secret', now, b)))).status).toBe(401);
    const tampered = await post(b.replace('abandoned', 'abandoned '), headers(now, sign(hmacSecret!, now, b)));
    expect(tampered.status).toBe(401);
    const old = now - 301;
    const expired = await post(b, headers(old, sign(hmacSecret!, old, b)));
    expect(expired.status).toBe(401);
    expect((await expired.json()).error).toMatch(/window/);
  });

  it('rate-limits a source across requests (429 + Retry-After, nothing applied)', async () => {
    const limited = await startTestApp({ ingestRatePerSec: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await limited.post([ev('call.abandoned', 0, { callId: `rl-${i}` })])).status);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    } finally {
      await limited.close();
    }
  });
});

describe('sockets', () => {
  const open = (opts: Parameters<typeof connect>[1]) => connect(app.url, { transports: ['websocket'], reconnection: false, ...opts }) as Socket<ServerToClientEvents, ClientToServerEvents>;
  const outcome = (s: Socket) =>
    new Promise<string>((resolve) => {
      s.once('snapshot', () => resolve('snapshot'));
      s.once('connect_error', (e) => resolve(`error:${e.message}`));
    });

  it('refuses a socket without credentials, with a bad token, or from a foreign origin', async () => {
    const none = open({});
    expect(await outcome(none)).toBe('error:unauthorized');
    const bad = open({ auth: { token: 'nope-nope-nope-nope-nope-nope' } });
    expect(await outcome(bad)).toBe('error:unauthorized');
    const foreign = open({ auth: { token: WALL_TOKEN }, extraHeaders: { origin: 'https://evil.example' } });
    expect(await outcome(foreign)).toMatch(/^error:/);
    for (const s of [none, bad, foreign]) s.close();
  });

  it('accepts a session cookie', async () => {
    const duty = await app.login('duty');
    const s = open({ extraHeaders: { cookie: duty.cookie } });
    expect(await outcome(s)).toBe('snapshot');
    s.close();
  });

  it('revoking a display token disconnects its screen within seconds and refuses it afterwards', async () => {
    const admin = await app.login('admin');
    const created = await (await admin.fetch('/api/v1/admin/display-tokens', { method: 'POST', json: { name: 'Зал 2', sites: ['kholmsk'] } })).json();
    expect(created.url).toMatch(/\/wall#token=/);
    const wall = open({ auth: { token: created.token } });
    expect(await outcome(wall)).toBe('snapshot');
    const dropped = new Promise<number>((resolve) => {
      const t0 = Date.now();
      wall.once('disconnect', () => resolve(Date.now() - t0));
    });
    expect((await admin.fetch(`/api/v1/admin/display-tokens/${created.display.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await dropped).toBeLessThan(5000);
    const again = open({ auth: { token: created.token } });
    expect(await outcome(again)).toBe('error:unauthorized');
    again.close();
    expect((await fetch(`${app.url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(401);
  });

  it('a display token bound to one site only ever sees that site', async () => {
    const admin = await app.login('admin');
    const { token } = await (await admin.fetch('/api/v1/admin/display-tokens', { method: 'POST', json: { name: 'Холмск', sites: ['kholmsk'] } })).json();
    const snap = await (await fetch(`${app.url}/api/v1/snapshot?site=yuzhno-sakhalinsk,kholmsk`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(snap.sites.map((s: { site: string }) => s.site)).toEqual(['kholmsk']);
  });
});
