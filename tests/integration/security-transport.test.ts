/**
 * Transport hardening (issue 12): one client cannot stall the server (resync floods, sockets per
 * token or session), anonymous clients cannot hold memory (credentials before the body, timeouts,
 * connections per address), retries of signed requests are safe, and a bad Content-Encoding is a
 * 4xx. Every wait is a condition polled against a deadline, never a sleep.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect as tcpConnect, type Socket as TcpSocket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sign } from '../../server/auth/hmac-signature.js';
import { StoreUnavailableError } from '../../server/store/event-store.js';
import { ev } from '../helpers/event-factory.js';
import { INGEST_KEY, startTestApp, type TestApp } from '../helpers/start-app.js';

let app: TestApp;
const extraApps: TestApp[] = [];
const tcp: TcpSocket[] = [];

beforeAll(async () => {
  app = await startTestApp();
});
afterEach(() => {
  vi.restoreAllMocks();
  for (const s of tcp.splice(0)) s.destroy();
});
afterAll(async () => {
  await app?.close();
  for (const a of extraApps) await a.close();
});

async function otherApp(env: Record<string, string>, overrides: Parameters<typeof startTestApp>[0] = {}): Promise<TestApp> {
  const a = await startTestApp(overrides, env);
  extraApps.push(a);
  return a;
}

/** Polls `cond` until it holds; fails naming `what` after the deadline. */
async function until(what: string, cond: () => boolean | Promise<boolean>, deadlineMs = 10_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function withDeadline<T>(what: string, p: Promise<T>, deadlineMs = 10_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out waiting for: ${what}`)), deadlineMs);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Starts a POST whose body keeps coming and never ends (256 KB sent, more promised); resolves
 * with the answer, if the server gives one before the body is complete.
 */
function endlessPost(url: string, headers: Record<string, string>): { answer: Promise<Answer>; stop: () => void } {
  const req = request(`${url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } });
  // the server may close the connection once it has answered: the unsent rest fails to write
  req.on('error', () => undefined);
  const answer = new Promise<Answer>((resolve) => {
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      res.on('error', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
  });
  req.write('[' + ' '.repeat(256 * 1024));
  return { answer, stop: () => req.destroy() };
}

/** A raw TCP connection to the app; `closed` resolves (with all it received) when the server ends it. */
function rawConnection(port: number): Promise<{ socket: TcpSocket; closed: Promise<string>; received: () => string }> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1');
    tcp.push(socket);
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (data += c));
    const closed = new Promise<string>((r) => socket.once('close', () => r(data)));
    socket.once('connect', () => {
      socket.on('error', () => undefined);
      resolve({ socket, closed, received: () => data });
    });
    socket.once('error', reject);
  });
}

/** Sends `GET /healthz` on a raw connection; true once its 200 came, false if the connection closed first. */
async function healthzOn(c: { socket: TcpSocket; closed: Promise<string>; received: () => string }): Promise<boolean> {
  const before = c.received().length;
  c.socket.write('GET /healthz HTTP/1.1\r\nHost: obzor\r\n\r\n');
  let closed = false;
  void c.closed.then(() => (closed = true));
  await until('a healthz answer or the connection closed', () => closed || /HTTP\/1\.1 200/.test(c.received().slice(before)));
  return /HTTP\/1\.1 200/.test(c.received().slice(before));
}

const event = (callId: string) => ev('call.queued', 0, { callId, queue: 'hotline', line: 'hotline' }, { base: Date.now() - 60_000 });

describe('ingest: credentials before the body', () => {
  it('refuses an anonymous POST (no or wrong credentials) with 401 while its body is still coming', async () => {
    const now = String(Math.floor(Date.now() / 1000));
    const cases: Record<string, string>[] = [{}, { authorization: 'Bearer not-a-key-not-a-key-not-a-key' }, { 'x-obzor-source': 'no-such-source', 'x-obzor-timestamp': now, 'x-obzor-signature': `sha256=${'0'.repeat(64)}` }];
    for (const headers of cases) {
      const post = endlessPost(app.url, headers);
      try {
        const answer = await withDeadline(`an answer to ${JSON.stringify(Object.keys(headers))} before the body ends`, post.answer);
        expect(answer.status).toBe(401);
        expect(answer.headers.connection).toBe('close');
      } finally {
        post.stop();
      }
    }
  });

  it('refuses a signed POST with a timestamp outside the window before reading its body', async () => {
    const { hmacSecret } = await app.sources.create('early-hmac', { hmac: true });
    const old = Math.floor(Date.now() / 1000) - 3600;
    const post = endlessPost(app.url, { 'x-obzor-source': 'early-hmac', 'x-obzor-timestamp': String(old), 'x-obzor-signature': sign(hmacSecret!, old, '[]') });
    try {
      const answer = await withDeadline('an answer before the body ends', post.answer);
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body).error).toMatch(/window/);
    } finally {
      post.stop();
    }
  });
});

describe('ingest: timeouts and connections per address', () => {
  it('closes a silent connection and a request whose headers or body stall, after OBZOR_REQUEST_TIMEOUT_SECONDS', async () => {
    const quick = await otherApp({ OBZOR_REQUEST_TIMEOUT_SECONDS: '1' });
    const headersStall = await rawConnection(quick.port);
    headersStall.socket.write('POST /api/v1/events HTTP/1.1\r\nHost: obzor\r\n');
    const bodyStall = await rawConnection(quick.port);
    bodyStall.socket.write(`POST /api/v1/events HTTP/1.1\r\nHost: obzor\r\nAuthorization: Bearer ${INGEST_KEY}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n[{"id":`);
    const silent = await rawConnection(quick.port);
    const [h, b] = await withDeadline('the stalled connections closed', Promise.all([headersStall.closed, bodyStall.closed, silent.closed]), 20_000);
    expect(h).toMatch(/^HTTP\/1\.1 408/);
    expect(b).toMatch(/^HTTP\/1\.1 408/);
    // a request that arrives in time is served
    expect((await quick.post([event('in-time')])).status).toBe(200);
  });

  it('closes the connection beyond OBZOR_CONNECTIONS_PER_ADDRESS from one address, and admits one again when a connection ends', async () => {
    const capped = await otherApp({ OBZOR_CONNECTIONS_PER_ADDRESS: '5' }, { capLoopbackConnections: true });
    const open = [];
    for (let i = 0; i < 5; i++) {
      const c = await rawConnection(capped.port);
      expect(await healthzOn(c)).toBe(true);
      open.push(c);
    }
    const excess = await rawConnection(capped.port);
    expect(await healthzOn(excess)).toBe(false);
    expect(await withDeadline('the excess connection closed', excess.closed)).toBe('');
    // the five are still served
    expect(await healthzOn(open[4]!)).toBe(true);
    expect((await capped.metrics.registry.getSingleMetricAsString('obzor_limit_refusals_total'))).toMatch(/limit="connections_per_address"} 1/);
    open[0]!.socket.destroy();
    await open[0]!.closed;
    // the server sees the close a moment later: try until a new connection is served
    await until('a connection admitted after one ended', async () => healthzOn(await rawConnection(capped.port)));
  });

  it('does not count loopback connections (a reverse proxy on this host, the bench) by default', async () => {
    const capped = await otherApp({ OBZOR_CONNECTIONS_PER_ADDRESS: '2' });
    for (let i = 0; i < 4; i++) expect(await healthzOn(await rawConnection(capped.port))).toBe(true);
  });
});

describe('retries of signed requests are safe', () => {
  const signedPost = (url: string, secret: string, source: string, callId: string) => {
    const body = JSON.stringify([event(callId)]);
    const ts = Math.floor(Date.now() / 1000);
    const headers = { 'content-type': 'application/json', 'x-obzor-source': source, 'x-obzor-timestamp': String(ts), 'x-obzor-signature': sign(secret, ts, body) };
    return () => fetch(`${url}/api/v1/events`, { method: 'POST', headers, body });
  };

  it('a signed request refused with 429 is accepted when sent again; one that was applied (200) is refused as a replay', async () => {
    const limited = await otherApp({ OBZOR_INGEST_RATE: '1' });
    const { hmacSecret } = await limited.sources.create('retrying-hmac', { hmac: true });
    const first = signedPost(limited.url, hmacSecret!, 'retrying-hmac', 'retry-1');
    const second = signedPost(limited.url, hmacSecret!, 'retrying-hmac', 'retry-2');
    expect((await first()).status).toBe(200);
    const refused = await second();
    expect(refused.status).toBe(429);
    // the sender waits as told and resends the very same request
    let again = refused;
    await until('the resent request past the rate limit', async () => (again = await second()).status !== 429);
    expect(again.status).toBe(200);
    expect((await again.json()).results[0].status).toBe('accepted');
    for (const applied of [first, second]) {
      const replay = await applied();
      expect(replay.status).toBe(401);
      expect((await replay.json()).error).toMatch(/replayed/);
    }
  });

  it('a signed request answered 503 (nothing applied) is accepted when sent again', async () => {
    const { hmacSecret } = await app.sources.create('hmac-503', { hmac: true });
    const post = signedPost(app.url, hmacSecret!, 'hmac-503', 'retry-503');
    vi.spyOn(app.ingest, 'ingest').mockRejectedValueOnce(new StoreUnavailableError('redis away'));
    expect((await post()).status).toBe(503);
    const again = await post();
    expect(again.status).toBe(200);
    expect((await again.json()).results[0].status).toBe('accepted');
  });
});

describe('content encoding and body-level errors', () => {
  const send = (path: string, headers: Record<string, string>, body: string | Uint8Array<ArrayBuffer>) => fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const key = { authorization: `Bearer ${INGEST_KEY}` };

  it('answers an unknown Content-Encoding 415 and a corrupt one 400, with or without credentials, never 500', async () => {
    const errors = vi.spyOn(app.log, 'error');
    const body = JSON.stringify([event('enc-1')]);
    const cases: [path: string, headers: Record<string, string>, body: string | Uint8Array<ArrayBuffer>, status: number][] = [
      ['/api/v1/events', { ...key, 'content-encoding': 'zip' }, body, 415],
      ['/api/v1/events', { 'content-encoding': 'zip' }, body, 415],
      ['/api/v1/events', { ...key, 'content-encoding': 'gzip' }, body, 400],
      ['/api/v1/events', { ...key, 'content-encoding': 'gzip' }, new Uint8Array(gzipSync(body)), 200],
      ['/api/v1/auth/login', { 'content-encoding': 'zip' }, '{}', 415],
      ['/api/v1/auth/login', { 'content-encoding': 'gzip' }, '{}', 400],
    ];
    const got = [];
    for (const [path, headers, b] of cases) {
      const res = await send(path, headers, b);
      const text = await res.text();
      got.push(res.status);
      if (res.status >= 400) expect(JSON.parse(text).error).toMatch(/Content-Encoding/);
    }
    expect(got).toEqual(cases.map((c) => c[3]));
    expect(errors).not.toHaveBeenCalled();
  });

  it('labels body-level errors of the events route "body"', async () => {
    for (const b of ['"just a string"', '42', 'null']) {
      const res = await send('/api/v1/events', key, b);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(/^body: /);
    }
    const notJson = await send('/api/v1/events', key, '{oops');
    expect((await notJson.json()).error).toMatch(/^body is not JSON: /);
  });
});

describe('CSP', () => {
  it('forbids framing, and asks for no HTTPS upgrade on a plain-HTTP deployment', async () => {
    const csp = (await fetch(`${app.url}/healthz`)).headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('asks for the HTTPS upgrade when the deployment is on HTTPS (OBZOR_COOKIE_SECURE=on)', async () => {
    const secure = await otherApp({ OBZOR_COOKIE_SECURE: 'on' });
    expect((await fetch(`${secure.url}/healthz`)).headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });
});
