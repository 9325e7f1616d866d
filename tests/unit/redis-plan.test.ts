/** Issue 20 (1): which Redis `npm start` uses, and what it says when there is none (server/store/redis-plan.ts). */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { planRedis, privateRedisConfig, privateRedisUrl, redactRedisUrl, redisServerMissingMessage } from '../../server/store/redis-plan.js';

describe('which Redis to use', () => {
  const unset = { redisUrl: 'redis://127.0.0.1:6379', redisUrlFromEnv: false, probePort: 6379 };

  it('REDIS_URL set: exactly that, whatever answers locally — never a private redis-server', () => {
    for (const probe of [undefined, 'redis', 'nothing', 'not-redis'] as const) {
      expect(planRedis({ redisUrl: 'redis://db.example:6380', redisUrlFromEnv: true, probePort: 6379, ...(probe ? { probe } : {}) })).toEqual({ kind: 'use', url: 'redis://db.example:6380' });
    }
  });

  it('REDIS_URL unset: a Redis on the probe port is used, nothing there means a private one, anything else is refused', () => {
    expect(planRedis({ ...unset, probe: 'redis' })).toEqual({ kind: 'use', url: 'redis://127.0.0.1:6379' });
    expect(planRedis({ ...unset, probePort: 16379, probe: 'redis' })).toEqual({ kind: 'use', url: 'redis://127.0.0.1:16379' });
    expect(planRedis({ ...unset, probe: 'nothing' })).toEqual({ kind: 'private' });
    expect(planRedis({ ...unset, probe: 'not-redis' })).toEqual({ kind: 'refuse', message: expect.stringMatching(/^something on 127\.0\.0\.1:6379 does not answer as Redis: .*REDIS_URL=/) });
    expect(() => planRedis(unset)).toThrow(/probe result is needed/);
  });

  it('no redis-server either: one line with what is missing and both fixes', () => {
    const m = redisServerMissingMessage(6379);
    expect(m).toBe('Redis is not running on 127.0.0.1:6379 and redis-server is not installed: install it (Debian/Ubuntu: sudo apt-get install redis-server) or set REDIS_URL=redis://host:6379');
    expect(m).not.toContain('\n');
  });

  it('the private redis-server: loopback only, a password, AOF every second, no eviction; `none` keeps nothing', () => {
    const conf = privateRedisConfig({ port: 40001, password: 'pw"x', dir: '/srv/obzor data/redis', persistence: 'aof' }).split('\n');
    expect(conf).toEqual(expect.arrayContaining(['port 40001', 'bind 127.0.0.1', 'protected-mode yes', 'requirepass "pw\\"x"', 'dir "/srv/obzor data/redis"', 'appendonly yes', 'appendfsync everysec', 'maxmemory-policy noeviction', 'daemonize no', 'save ""']));
    expect(conf).toContain('pidfile "/srv/obzor data/redis/redis.pid"');
    expect(privateRedisConfig({ port: 1, password: 'p', dir: '/d', persistence: 'none' })).toMatch(/^appendonly no$/m);
    expect(privateRedisUrl(40001, 'a/b')).toBe('redis://:a%2Fb@127.0.0.1:40001');
  });

  it('a URL in a log line has no password', () => {
    expect(redactRedisUrl('redis://:s3cret@127.0.0.1:40001')).toBe('redis://:***@127.0.0.1:40001');
    expect(redactRedisUrl('rediss://app:s3cret@db:6380/2')).toBe('rediss://app:***@db:6380/2');
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('configuration: REDIS_URL given or not, the data dir (absolute), the test-only probe port', () => {
    expect(loadConfig({})).toMatchObject({ redisUrl: 'redis://127.0.0.1:6379', redisUrlFromEnv: false, redisProbePort: 6379, dataDir: expect.stringMatching(/\/data$/) });
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toMatchObject({ redisUrlFromEnv: true });
    expect(loadConfig({ OBZOR_DATA_DIR: '/var/lib/obzor', OBZOR_REDIS_PROBE_PORT: '16379' })).toMatchObject({ dataDir: '/var/lib/obzor', redisProbePort: 16379, redisUrl: 'redis://127.0.0.1:16379' });
    expect(() => loadConfig({ OBZOR_REDIS_PROBE_PORT: '70000' })).toThrow(/OBZOR_REDIS_PROBE_PORT: /);
    expect(() => loadConfig({ OBZOR_DATA_DIR: '' })).toThrow(/OBZOR_DATA_DIR: /);
  });
});
