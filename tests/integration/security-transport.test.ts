/**
 * Transport hardening (issue 12): one client cannot stall the server (resync floods, sockets per
 * token or session), anonymous clients cannot hold memory (credentials before the body, timeouts,
 * connections per address), retries of signed requests are safe, and a bad Content-Encoding is a
 * 4xx. Every wait is a condition polled against a deadline, never a sleep.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
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

const event = (callId: string) => ev('call.queued', 0, { callId, queue: 'hotline', line: 'hotline' }, { base: Date.now() - 60_000 });

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
