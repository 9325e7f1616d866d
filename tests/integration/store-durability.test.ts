/**
 * Issue 12 (10): a Redis that keeps nothing on disk is loud (log, /readyz, health → duty view,
 * /metrics), and when it restarts empty the provisioned credentials come back without restarting Obzor.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { privateRedis, type PrivateRedis } from '../helpers/processes.js';
import { loginAs, PASSWORD, startTestApp, type TestApp } from '../helpers/start-app.js';
import { waitUntil } from '../helpers/wait-until.js';

const ADMIN_PASSWORD = 'a long admin password 123';
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function appOn(redis: PrivateRedis | null): Promise<TestApp> {
  const app = await startTestApp(redis ? { redisUrl: redis.url } : {}, { OBZOR_ADMIN_LOGIN: 'boss', OBZOR_ADMIN_PASSWORD: ADMIN_PASSWORD });
  cleanup.push(() => app.close());
  return app;
}

describe('Redis persistence', () => {
  it('says loudly when Redis keeps nothing on disk: /readyz, the screens’ health, /metrics', async () => {
    const redis = await privateRedis('none');
    cleanup.push(() => redis.stop());
    await redis.start();
    const app = await appOn(redis);
    const ready = await (await fetch(`${app.url}/readyz`)).json();
    expect(ready).toMatchObject({ persistence: 'none', warning: expect.stringMatching(/a Redis restart loses users, display tokens, sessions/) });
    expect((await app.hub.health()).storePersistence).toBe('none');
    const metrics = await (await (await app.login('admin')).fetch('/metrics')).text();
    expect(metrics).toMatch(/^obzor_store_persistent 0$/m);
  });

  it('is quiet with AOF on', async () => {
    const redis = await privateRedis('everysec');
    cleanup.push(() => redis.stop());
    await redis.start();
    const app = await appOn(redis);
    const ready = await (await fetch(`${app.url}/readyz`)).json();
    expect(ready.persistence).toBe('aof');
    expect(ready.warning).toBeUndefined();
  });

  it('puts the provisioned admin and display tokens back when Redis restarts empty, without restarting Obzor', async () => {
    const redis = await privateRedis('none');
    cleanup.push(() => redis.stop());
    await redis.start();
    const app = await appOn(redis);
    expect((await app.wallFetch('/api/v1/snapshot')).status).toBe(200);
    await loginAs(app.url, 'boss', ADMIN_PASSWORD);

    await redis.kill9();
    await redis.start();
    // everything in Redis is gone (the users made by the test helper too); the node reconnects and provisions again
    await waitUntil(async () => (await fetch(`${app.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'duty', password: PASSWORD }) })).status === 401, 'Redis to come back empty');
    await waitUntil(async () => (await app.wallFetch('/api/v1/snapshot')).status === 200, 'the env display token to work again', 20_000);
    const admin = await loginAs(app.url, 'boss', ADMIN_PASSWORD);
    expect((await admin.fetch('/api/v1/admin/users')).status).toBe(200);
  });
});
