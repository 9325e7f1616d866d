/**
 * Starts the real server on a random port with a unique key prefix, and removes every key
 * of that prefix afterwards: tests never touch other data in the shared Redis.
 */
import { randomUUID } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import { escapeGlob, Keys } from '../../server/store/keys.js';
import { scanKeys, unlinkKeys } from '../../server/store/scan-keys.js';
import { pino } from 'pino';
import type { Role } from '../../shared/roles.js';
import { loadConfig, type Config } from '../../server/config.js';
import { startObzor, type ObzorServer } from '../../server/obzor-server.js';
import { SiteConfig } from '../../server/domain/sites.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export const TEST_SITES: SiteConfig[] = [
  SiteConfig.parse({ id: 'yuzhno-sakhalinsk', name: { ru: 'Южно-Сахалинск', en: 'Yuzhno-Sakhalinsk' } }),
  SiteConfig.parse({ id: 'kholmsk', name: { ru: 'Холмск', en: 'Kholmsk' } }),
];

export const INGEST_KEY = 'test-ingest-key-0123456789abcdef';
export const WALL_TOKEN = 'test-wall-token-0123456789abcdef';
export const PASSWORD = 'correct horse battery staple';

export interface Session {
  cookie: string;
  csrf: string;
  /** fetch with the session cookie (and the CSRF token on changes) */
  fetch(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
}

export interface TestApp extends ObzorServer {
  prefix: string;
  /** POST /api/v1/events with the test source's API key */
  post(body: unknown): Promise<{ status: number; headers: Headers; json: any }>;
  /** logs in as the pre-created user of that role (login = role name) */
  login(role: Role): Promise<Session>;
  /** GET with the wall display token */
  wallFetch(path: string): Promise<Response>;
}

export interface TestAppOptions {
  /** reuse the keys of an earlier app (a restart, or a second node on the same data); default: a fresh prefix */
  prefix?: string;
  /** leave the prefix's keys on close, for a restart or for the app that owns them to clean */
  keepData?: boolean;
}

export async function startTestApp(overrides: Partial<Config> = {}, env: Record<string, string> = {}, opts: TestAppOptions = {}): Promise<TestApp> {
  const prefix = opts.prefix ?? `obzor-test:${randomUUID().slice(0, 8)}:`;
  const config = loadConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      // issue 18: `npm run test:cluster` runs some suites on a Cluster; a test may name a topology of its own
      ...(env.REDIS_SENTINELS || env.REDIS_CLUSTER_NODES ? {} : process.env.REDIS_CLUSTER_NODES ? { REDIS_CLUSTER_NODES: process.env.REDIS_CLUSTER_NODES } : { REDIS_URL }),
      OBZOR_KEY_PREFIX: prefix,
      OBZOR_DEMO: 'off',
      // the log's archive runs when a test calls app.archiver.run() (issue 18)
      OBZOR_ARCHIVE_CHECK_MS: '0',
      LOG_LEVEL: 'silent',
      OBZOR_INGEST_KEYS: `test-feed=${INGEST_KEY}`,
      OBZOR_DISPLAY_TOKENS: `test-wall=${WALL_TOKEN}`,
      ...env,
    },
    { sites: TEST_SITES, pushIntervalMs: 50, bcryptCost: 4, surgeCheckMs: 0, ...overrides },
  );
  const server = await startObzor(config, pino({ level: 'silent' }));
  for (const role of ['wall', 'duty', 'manager', 'admin'] as const) {
    // on a reused prefix they may be there already
    if (!opts.prefix || !(await server.users.get(role))) await server.users.create({ login: role, role, password: PASSWORD });
  }
  const close = server.close.bind(server);
  return Object.assign(server, {
    prefix,
    async post(body: unknown) {
      const res = await fetch(`${server.url}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_KEY}` },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
    },
    async login(role: Role): Promise<Session> {
      return loginAs(server.url, role, PASSWORD);
    },
    wallFetch(path: string) {
      return fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${WALL_TOKEN}` } });
    },
    async close() {
      await close();
      if (!opts.keepData) await deletePrefix(prefix);
    },
  });
}

export async function loginAs(baseUrl: string, login: string, password: string): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  if (res.status !== 200) throw new Error(`login ${login}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    cookie,
    csrf: csrfToken,
    fetch(path, init = {}) {
      const { json, ...rest } = init;
      const headers: Record<string, string> = { cookie, 'x-csrf-token': csrfToken, ...(rest.headers as Record<string, string>) };
      if (json !== undefined) headers['content-type'] = 'application/json';
      return fetch(`${baseUrl}${path}`, { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
    },
  };
}

export async function deletePrefix(prefix: string): Promise<void> {
  const redis = testRedis();
  try {
    for await (const keys of scanKeys(redis, `${escapeGlob(prefix)}*`)) await unlinkKeys(redis, keys);
  } finally {
    redis.disconnect();
  }
}

/** Every state key and value under a prefix (not the log, credentials or sequence), for comparisons. */
export async function dumpState(redis: Redis | Cluster, prefix: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const keys: string[] = [];
  for await (const batch of scanKeys(redis, new Keys(prefix).allPattern())) keys.push(...batch);
  // the push sequence counts screen updates, not state
  for (const k of keys.sort().filter((k) => !k.endsWith(':seq'))) {
    const type = await redis.type(k);
    if (type === 'hash') {
      const h = await redis.hgetall(k);
      // the entity version counts writes, which differs between batched and replayed folds
      if (k.includes(':ent:')) delete h.v;
      out[k] = h;
    } else if (type === 'string') out[k] = await redis.get(k);
  }
  return out;
}

/** a client of the Redis the tests run on: the Cluster of `npm run test:cluster` (REDIS_CLUSTER_NODES), else REDIS_URL */
export function testRedis(): Redis | Cluster {
  const nodes = process.env.REDIS_CLUSTER_NODES;
  if (!nodes) return new Redis(REDIS_URL);
  return new Cluster(nodes.split(',').map((n) => ({ host: n.slice(0, n.lastIndexOf(':')), port: Number(n.slice(n.lastIndexOf(':') + 1)) })));
}
