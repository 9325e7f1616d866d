/**
 * Which Redis `npm start` uses (issue 20, item 1) — pure, no I/O: REDIS_URL when it is set; else a
 * Redis answering on 127.0.0.1:6379; else a private redis-server this process starts and stops
 * (server/store/private-redis.ts). What it says when none of these can be had is here too.
 */

/** What answered a PING on the probe port: a Redis (PONG or any RESP error, e.g. NOAUTH), nothing, or something else. */
export type ProbeResult = 'redis' | 'nothing' | 'not-redis';

export type RedisPlan =
  /** REDIS_URL given, or a Redis answers on the probe port: connect there */
  | { kind: 'use'; url: string }
  /** nothing listens: start a private redis-server */
  | { kind: 'private' }
  /** the port is taken by something that is not Redis: starting a second Redis beside it would be a guess */
  | { kind: 'refuse'; message: string };

export const PROBE_HOST = '127.0.0.1';

/** `probe` is only needed (and only looked at) when REDIS_URL is unset. */
export function planRedis(input: { redisUrl: string; redisUrlFromEnv: boolean; probePort: number; probe?: ProbeResult }): RedisPlan {
  if (input.redisUrlFromEnv) return { kind: 'use', url: input.redisUrl };
  switch (input.probe) {
    case 'redis':
      return { kind: 'use', url: `redis://${PROBE_HOST}:${input.probePort}` };
    case 'nothing':
      return { kind: 'private' };
    case 'not-redis':
      return {
        kind: 'refuse',
        message: `something on ${PROBE_HOST}:${input.probePort} does not answer as Redis: stop it, or set REDIS_URL=redis://host:6379`,
      };
    default:
      throw new Error('planRedis: REDIS_URL is unset, so the probe result is needed');
  }
}

/** The one line an operator gets when there is no Redis and no redis-server to start. */
export function redisServerMissingMessage(probePort: number): string {
  return (
    `Redis is not running on ${PROBE_HOST}:${probePort} and redis-server is not installed: ` +
    'install it (Debian/Ubuntu: sudo apt-get install redis-server) or set REDIS_URL=redis://host:6379'
  );
}

export type PrivatePersistence = 'aof' | 'none';

/**
 * The private redis-server's configuration, given on its stdin (`redis-server -`) so the password
 * never shows in `ps`: loopback only, a password, AOF every second (docs/operations.md), no RDB,
 * never evicting (a lost marker would count a duplicate twice), a pid file that tells a later start
 * the directory is in use. `none` (tests only): keeps nothing on disk.
 */
export function privateRedisConfig(opts: { port: number; password: string; dir: string; persistence: PrivatePersistence }): string {
  const quote = (v: string) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  return [
    `port ${opts.port}`,
    'bind 127.0.0.1',
    'protected-mode yes',
    `requirepass ${quote(opts.password)}`,
    'daemonize no',
    `dir ${quote(opts.dir)}`,
    `pidfile ${quote(`${opts.dir}/redis.pid`)}`,
    `logfile ${quote(`${opts.dir}/redis.log`)}`,
    'save ""',
    ...(opts.persistence === 'aof' ? ['appendonly yes', 'appendfsync everysec'] : ['appendonly no']),
    'maxmemory-policy noeviction',
    '',
  ].join('\n');
}

export function privateRedisUrl(port: number, password: string): string {
  return `redis://:${encodeURIComponent(password)}@${PROBE_HOST}:${port}`;
}

/** A Redis URL fit for a log line: its password replaced. */
export function redactRedisUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/)([^@/]*)@/, (_, scheme: string, auth: string) => `${scheme}${auth.includes(':') ? `${auth.split(':')[0]}:***` : '***'}@`);
}
