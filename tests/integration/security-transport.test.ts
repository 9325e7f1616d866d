/**
 * Transport hardening (issue 12): one client cannot stall the server (resync floods, sockets per
 * token or session), anonymous clients cannot hold memory (credentials before the body, timeouts,
 * connections per address), retries of signed requests are safe, and a bad Content-Encoding is a
 * 4xx. Every wait is a condition polled against a deadline, never a sleep.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-app.js';

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
