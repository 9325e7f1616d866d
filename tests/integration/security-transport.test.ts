/**
 * Transport hardening (issue 12): one client cannot stall the server (resync floods, sockets per
 * token or session), anonymous clients cannot hold memory (credentials before the body, timeouts,
 * connections per address), retries of signed requests are safe, and a bad Content-Encoding is a
 * 4xx. Every wait is a condition polled against a deadline, never a sleep.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sign } from '../../server/auth/hmac-signature.js';
import { StoreUnavailableError } from '../../server/store/event-store.js';
import { ev } from '../helpers/event-factory.js';
import { INGEST_KEY, startTestApp, type TestApp } from '../helpers/start-app.js';

let app: TestApp;
const extraApps: TestApp[] = [];

beforeAll(async () => {
  app = await startTestApp();
});
afterEach(() => {
  vi.restoreAllMocks();
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
