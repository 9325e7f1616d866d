/**
 * Issue 18: the keys that are not a site's moved under the hash tag `{_}` (one Cluster slot). A Redis
 * an earlier Obzor wrote has them without it: the next start renames them, once, and everything made
 * before — users, sessions, display tokens — still works.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { escapeGlob, GLOBAL_TAG, Keys } from '../../server/store/keys.js';
import { scanKeys } from '../../server/store/scan-keys.js';
import { loginAs, PASSWORD, startTestApp, testRedis, type TestApp } from '../helpers/start-app.js';

const apps: TestApp[] = [];
afterAll(async () => {
  for (const a of apps.reverse()) await a.close();
});

describe('the key layout of before issue 18', () => {
  it('is renamed under {_} at start-up: users, sessions and the wall token keep working', async () => {
    const first = await startTestApp({}, {}, { keepData: true });
    const keys = new Keys(first.prefix);
    const before = await loginAs(first.url, 'manager', PASSWORD);
    expect((await first.wallFetch('/api/v1/snapshot')).status).toBe(200);
    await first.close();

    // put the global keys back where the layout before had them, as an older Obzor left them
    const redis = testRedis();
    try {
      const tagged: string[] = [];
      for await (const batch of scanKeys(redis, `${escapeGlob(keys.global)}*`)) tagged.push(...batch);
      expect(tagged.length).toBeGreaterThan(5);
      for (const k of tagged) {
        if (k === `${keys.global}layout`) await redis.del(k);
        else await redis.rename(k, `${first.prefix}${k.slice(keys.global.length)}`);
      }
      expect(await redis.exists(`${first.prefix}auth:users`)).toBe(1);

      const again = await startTestApp({}, {}, { prefix: first.prefix });
      apps.push(again);
      const old: string[] = [];
      for (const root of ['auth:', 'sess:', 'rl:', 'feeds', 'push:', 'admin:', 'sockets:']) for await (const batch of scanKeys(redis, `${escapeGlob(first.prefix)}${root}*`)) old.push(...batch);
      expect(old).toEqual([]);
      expect(await redis.get(`${first.prefix}${GLOBAL_TAG}:layout`)).toBe('2');
      expect(await redis.sismember(keys.auth('users'), 'manager')).toBe(1);
      // the session made before the upgrade is still signed in, the display token still opens the wall
      expect((await fetch(`${again.url}/api/v1/auth/me`, { headers: { cookie: before.cookie } })).status).toBe(200);
      expect((await again.wallFetch('/api/v1/snapshot')).status).toBe(200);
      await loginAs(again.url, 'duty', PASSWORD);
    } finally {
      redis.disconnect();
    }
  });
});
