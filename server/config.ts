/**
 * The one configuration object, parsed from the environment once at start-up.
 * A wrong value stops start-up with a message naming the variable.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_SITES, SiteConfig } from './domain/sites.js';
import { cannotRead } from './file-problem.js';
import { FeedsConfigError, loadFeeds, type FeedConfig } from './feeds/feeds-config.js';
import type { HostPort, RedisTopology } from './store/redis-topology.js';

/** `host:port,…` (IPv6 in brackets) */
const HOST_PORTS = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}(,(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5})*$/;

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** unset: a Redis answering on 127.0.0.1:6379, else a private redis-server under OBZOR_DATA_DIR (server/store/redis-plan.ts) */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').optional(),
  /** issue 18: a Redis Cluster instead of REDIS_URL: `host:port,…` of some of its nodes (the others are discovered) */
  REDIS_CLUSTER_NODES: z.string().regex(HOST_PORTS, 'host:port,host:port…').optional(),
  /** issue 18: Redis Sentinel instead of REDIS_URL: `host:port,…` of the sentinels, with REDIS_SENTINEL_MASTER */
  REDIS_SENTINELS: z.string().regex(HOST_PORTS, 'host:port,host:port…').optional(),
  REDIS_SENTINEL_MASTER: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'the master name the sentinels monitor').optional(),
  /** the password of a cluster's or a Sentinel set's Redis nodes (REDIS_URL carries its own) */
  REDIS_PASSWORD: z.string().min(1).optional(),
  /** an accepted event is on this many replicas before its 200 (WAIT); default 1 on Sentinel or a Cluster, 0 on one Redis */
  OBZOR_ACK_REPLICAS: z.coerce.number().int().min(0).max(5).optional(),
  /** how long ingest waits for those replicas before it answers 503 (the sender retries; the retry dedupes) */
  OBZOR_ACK_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /** where the private redis-server keeps its data and AOF (`<dir>/redis`) when REDIS_URL is unset */
  OBZOR_DATA_DIR: z.string().min(1).default('data'),
  /** tests only: the port looked at instead of 6379 before a private redis-server is started */
  OBZOR_REDIS_PROBE_PORT: z.coerce.number().int().min(1).max(65535).default(6379),
  OBZOR_KEY_PREFIX: z.string().min(1).max(64).regex(/^[A-Za-z0-9:_.-]+$/, 'letters, digits and : _ . -').default('obzor:'),
  /** demo traffic; `auto` = on unless a real feed is configured */
  OBZOR_DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
  /** demo arrival-rate multiplier (1 = a realistic centre) */
  OBZOR_DEMO_SPEED: z.coerce.number().positive().max(1000).default(1),
  /** JSON file with an array of sites; the default is the central office only */
  OBZOR_SITES_FILE: z.string().optional(),
  /** issue 18: days of event log kept in Redis; older days go to OBZOR_ARCHIVE_DIR (0: none archived, the log is capped by OBZOR_LOG_MAXLEN alone) */
  OBZOR_LOG_KEEP_DAYS: z.coerce.number().int().min(0).max(3650).default(14),
  /** where the archived days go (gzip'd NDJSON per site and day): default `<OBZOR_DATA_DIR>/archive` */
  OBZOR_ARCHIVE_DIR: z.string().min(1).optional(),
  /** how often a node looks for days to archive; 0: never (tests run it themselves) */
  OBZOR_ARCHIVE_CHECK_MS: z.coerce.number().int().min(0).max(86_400_000).default(3_600_000),
  /** events kept in each site's Redis Stream log (approximate cap) */
  OBZOR_LOG_MAXLEN: z.coerce.number().int().positive().default(5_000_000),
  /** how long an event id is remembered as seen (the contract asks for at least 7 days) */
  OBZOR_DEDUPE_DAYS: z.coerce.number().positive().min(7).default(8),
  /** how long 15-min counter buckets are kept */
  OBZOR_COUNTER_DAYS: z.coerce.number().positive().default(400),
  /** how long the daily roll-ups are kept (issue 17: reports over years) */
  OBZOR_ROLLUP_DAYS: z.coerce.number().positive().default(2196),
  /** how long an entity (call, appeal…) is kept after its last event while still open */
  OBZOR_OPEN_ENTITY_DAYS: z.coerce.number().positive().default(120),
  OBZOR_PUSH_INTERVAL_MS: z.coerce.number().int().min(20).max(5000).default(150),
  /** how often the surge alarm checks every queue (issue 16; docs/kpis.md "Surge"); 0 turns it off */
  OBZOR_SURGE_CHECK_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  OBZOR_BODY_LIMIT: z.string().default('5mb'),
  /** JSON file of Asterisk feeds (docs/asterisk.md); when set, demo traffic is off unless OBZOR_DEMO=on */
  OBZOR_FEEDS: z.string().optional(),
  /** `source=key,…`: ingest API keys provisioned without a CLI (keys ≥ 24 chars) */
  OBZOR_INGEST_KEYS: z.string().optional(),
  /** `name=token,…` or `name=token@site1+site2,…`: wall display tokens provisioned at start-up */
  OBZOR_DISPLAY_TOKENS: z.string().optional(),
  /** the first admin, created on start when there are no users yet */
  OBZOR_ADMIN_LOGIN: z.string().regex(/^[a-z0-9._-]{2,64}$/, '2–64 chars of a-z 0-9 . _ -').optional(),
  OBZOR_ADMIN_PASSWORD: z.string().min(12, 'at least 12 characters').optional(),
  /** cookie signing secret; if unset, one is generated once and shared by all nodes through Redis */
  OBZOR_SESSION_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  OBZOR_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  /**
   * proxies whose X-Forwarded-For/-Proto are believed (Express `trust proxy`): `none` (default),
   * a hop count, or a comma-separated list of IPs, CIDRs and `loopback`, `linklocal`, `uniquelocal`
   */
  OBZOR_TRUST_PROXY: z
    .string()
    .default('none')
    .transform((raw, ctx): TrustProxy => {
      const v = raw.trim();
      if (v === '' || v === 'none' || v === 'false') return false;
      if (/^\d+$/.test(v)) return Number(v) === 0 ? false : Number(v);
      const items = v.split(',').map((x) => x.trim());
      const bad = items.filter((x) => !isProxyAddress(x));
      if (bad.length) {
        ctx.addIssue({ code: 'custom', message: `expected none, a hop count, or IPs/CIDRs/loopback/linklocal/uniquelocal, got "${bad.join(', ').slice(0, 60)}"` });
        return z.NEVER;
      }
      return items;
    }),
  /** `auto`: Secure cookies when the request came over HTTPS (as told by a trusted proxy, OBZOR_TRUST_PROXY) */
  OBZOR_COOKIE_SECURE: z.enum(['auto', 'on', 'off']).default('auto'),
  /** browser origins allowed to open sockets and post with a session; default: the server's own origin */
  OBZOR_ALLOWED_ORIGINS: z.string().optional(),
  /** ingest requests per second per source, shared by all nodes */
  OBZOR_INGEST_RATE: z.coerce.number().int().positive().default(200),
  /** failed logins allowed per login and address in 15 minutes */
  OBZOR_LOGIN_ATTEMPTS: z.coerce.number().int().positive().default(5),
  /** a source that sent nothing this long is shown as silent on walls and the duty view */
  OBZOR_FEED_SILENT_SECONDS: z.coerce.number().positive().default(300),
  /** bearer token for Prometheus to read /metrics (admins may read it with their session) */
  OBZOR_METRICS_TOKEN: z.string().min(24, 'at least 24 characters').optional(),
  // ── transport limits: one client cannot stall the node, anonymous ones cannot hold it (docs/security.md, "Limits") ──
  /** an HTTP request's headers and body must have arrived within this (Node's default is 300 s) */
  OBZOR_REQUEST_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(30),
  /** concurrent TCP connections (HTTP and sockets) per remote address; 0 = no cap; loopback is not counted */
  OBZOR_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(0).default(200),
  /** Socket.IO connections one display token or one session may hold, counted across nodes */
  OBZOR_SOCKETS_PER_PRINCIPAL: z.coerce.number().int().positive().default(20),
  /**
   * WebSocket per-message compression of what screens are sent (docs/performance.md, "Compression"):
   * `off`, or `on` for messages of at least 1 KB (snapshots, whole states, large patches)
   */
  OBZOR_WS_COMPRESSION: z.enum(['off', 'on']).default('off'),
  /** a socket's resync requests read the state at most once per this interval (the rest share or wait) */
  OBZOR_RESYNC_MIN_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `auto`: readable lines in local time when stdout is a terminal, JSON otherwise */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
});

/** Express's `trust proxy`: nobody (false), the n-th hop, or these addresses/ranges. */
export type TrustProxy = false | number | string[];

const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS: one of them at most */
function redisTopology(e: z.infer<typeof Env>): RedisTopology | undefined {
  const given = (['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'] as const).filter((k) => e[k] !== undefined);
  if (given.length > 1) throw new ConfigError(`${given.join(' and ')}: set one of them, not both`);
  if (!!e.REDIS_SENTINELS !== !!e.REDIS_SENTINEL_MASTER) throw new ConfigError('REDIS_SENTINELS and REDIS_SENTINEL_MASTER: set both or neither');
  const password = e.REDIS_PASSWORD ? { password: e.REDIS_PASSWORD } : {};
  if (e.REDIS_CLUSTER_NODES) return { kind: 'cluster', nodes: hostPorts(e.REDIS_CLUSTER_NODES, 'REDIS_CLUSTER_NODES'), ...password };
  if (e.REDIS_SENTINELS) return { kind: 'sentinel', sentinels: hostPorts(e.REDIS_SENTINELS, 'REDIS_SENTINELS'), master: e.REDIS_SENTINEL_MASTER!, ...password };
  if (e.REDIS_PASSWORD) throw new ConfigError('REDIS_PASSWORD: only with REDIS_CLUSTER_NODES or REDIS_SENTINELS (REDIS_URL carries its own password)');
  return undefined;
}

function hostPorts(list: string, name: string): HostPort[] {
  return list.split(',').map((item) => {
    const at = item.lastIndexOf(':');
    const port = Number(item.slice(at + 1));
    if (port < 1 || port > 65535) throw new ConfigError(`${name}: expected ports 1–65535, got ${JSON.stringify(item)}`);
    return { host: item.slice(0, at).replace(/^\[|\]$/g, ''), port };
  });
}

/** `10.0.0.1`, `10.0.0.0/8`, `fd00::/8`, `loopback`…: what proxy-addr (Express) accepts */
function isProxyAddress(item: string): boolean {
  if (PROXY_RANGES.has(item)) return true;
  const [ip, bits, ...rest] = item.split('/');
  const family = isIP(ip ?? '');
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  if (family === 4 && isIP(bits) === 4) return true; // netmask form
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

export interface Config {
  port: number;
  host: string;
  /** REDIS_URL; unset, the local default until server/main.ts puts in the one it found or started */
  redisUrl: string;
  /** REDIS_URL was given: use it as is, never start a private redis-server */
  redisUrlFromEnv: boolean;
  /** the port of 127.0.0.1 looked at when REDIS_URL is unset: 6379 (another only in tests) */
  redisProbePort: number;
  /** issue 18: a Cluster or Sentinel set instead of `redisUrl` (server/store/redis-client.ts) */
  redisTopology?: RedisTopology;
  /** replicas an accepted event is on before its 200 (WAIT), and how long to wait for them */
  ackReplicas: number;
  ackTimeoutMs: number;
  /** absolute; the private redis-server's data and AOF go to `<dataDir>/redis` */
  dataDir: string;
  keyPrefix: string;
  demo: boolean;
  demoSpeed: number;
  sites: SiteConfig[];
  logMaxLen: number;
  /** issue 18: days of log kept in Redis (0: no archive), where older days go, how often that is checked */
  logKeepDays: number;
  archiveDir: string;
  archiveCheckMs: number;
  dedupeTtlSec: number;
  counterTtlSec: number;
  rollupTtlSec: number;
  openEntityTtlSec: number;
  pushIntervalMs: number;
  /** the surge alarm's period; 0: off */
  surgeCheckMs: number;
  bodyLimit: string;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  logFormat: z.infer<typeof Env>['LOG_FORMAT'];
  ingestKeys: { source: string; key: string }[];
  feeds: FeedConfig[];
  displayTokens: { name: string; token: string; sites: string[] }[];
  admin?: { login: string; password: string };
  sessionSecret?: string;
  sessionTtlSec: number;
  cookieSecure: 'auto' | 'on' | 'off';
  /** which peers may tell the client's address and protocol (X-Forwarded-*) */
  trustProxy: TrustProxy;
  allowedOrigins: string[];
  ingestRatePerSec: number;
  loginAttempts: number;
  feedSilentMs: number;
  metricsToken?: string;
  requestTimeoutMs: number;
  connectionsPerAddress: number;
  /** count loopback connections against connectionsPerAddress too; tests only (a same-host proxy and the bench are loopback) */
  capLoopbackConnections?: boolean;
  socketsPerPrincipal: number;
  /** per-message deflate on the screens' WebSockets */
  wsCompression: boolean;
  resyncMinIntervalMs: number;
  /** packets queued for a socket that does not read before it is dropped; tests only (default 1000) */
  maxBufferedPackets?: number;
  /** bcrypt cost; lowered only by tests */
  bcryptCost?: number;
  /** how often screens get the health heartbeat (default 5 s); shortened only by tests */
  healthMs?: number;
  /** how often every site is re-pushed without events (default shared/push-timing.ts FULL_PUSH_MS); shortened only by tests */
  fullPushMs?: number;
  /**
   * the server's clock — events' time window, the state's `now` (hours open, deadlines), the
   * screens' `serverTime`; tests only, shifted to live at another hour (a site at night), default Date.now
   */
  clock?: () => number;
}

/** `a=b,c=d` lists from env; each value at least 24 chars so nobody ships "secret" */
function pairs(name: string, raw: string | undefined): [string, string][] {
  if (!raw) return [];
  return raw.split(',').map((item) => {
    const i = item.indexOf('=');
    const [k, v] = [item.slice(0, i).trim(), item.slice(i + 1).trim()];
    if (i < 1 || !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(k)) throw new ConfigError(`${name}: expected name=secret pairs with names of a-z 0-9 . _ -, got "${item.slice(0, 20)}…"`);
    if (v.split('@')[0]!.length < 24) throw new ConfigError(`${name}: the secret of "${k}" must be at least 24 characters`);
    return [k, v];
  });
}

export class ConfigError extends Error {}

function describe(issues: z.core.$ZodIssue[], where: (path: PropertyKey[]) => string): string {
  return issues.map((i) => `${where(i.path)}: ${i.message}`).join('; ');
}

function loadSites(file: string | undefined): SiteConfig[] {
  if (!file) return DEFAULT_SITES;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`OBZOR_SITES_FILE: ${cannotRead(file, e)}`);
  }
  const parsed = z
    .array(SiteConfig)
    .min(1)
    .refine((s) => new Set(s.map((x) => x.id)).size === s.length, 'site ids must be unique')
    .safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`OBZOR_SITES_FILE (${file}): ${describe(parsed.error.issues, (p) => p.join('.') || '(root)')}`);
  }
  return parsed.data;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Readonly<Config> {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`invalid configuration: ${describe(parsed.error.issues, (p) => String(p[0]))}`);
  }
  const e = parsed.data;
  const day = 86_400;
  if (!!e.OBZOR_ADMIN_LOGIN !== !!e.OBZOR_ADMIN_PASSWORD) throw new ConfigError('OBZOR_ADMIN_LOGIN and OBZOR_ADMIN_PASSWORD: set both or neither');
  const sites = loadSites(e.OBZOR_SITES_FILE);
  let feeds: FeedConfig[];
  try {
    feeds = loadFeeds(e.OBZOR_FEEDS, sites.map((s) => s.id), env);
  } catch (err) {
    if (err instanceof FeedsConfigError) throw new ConfigError(err.message);
    throw err;
  }
  const displayTokens = pairs('OBZOR_DISPLAY_TOKENS', e.OBZOR_DISPLAY_TOKENS).map(([name, v]) => {
    const [token, siteList] = v.split('@') as [string, string | undefined];
    const bound = siteList ? siteList.split('+') : [];
    const unknown = bound.filter((s) => !sites.some((x) => x.id === s));
    if (unknown.length) throw new ConfigError(`OBZOR_DISPLAY_TOKENS: unknown site(s) ${unknown.join(', ')} for "${name}"`);
    return { name, token, sites: bound };
  });
  const demo = e.OBZOR_DEMO === 'on' || (e.OBZOR_DEMO === 'auto' && !e.OBZOR_FEEDS);
  const topology = redisTopology(e);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    redisUrl: e.REDIS_URL ?? `redis://127.0.0.1:${e.OBZOR_REDIS_PROBE_PORT}`,
    redisUrlFromEnv: e.REDIS_URL !== undefined,
    redisProbePort: e.OBZOR_REDIS_PROBE_PORT,
    ...(topology ? { redisTopology: topology } : {}),
    ackReplicas: e.OBZOR_ACK_REPLICAS ?? (topology ? 1 : 0),
    ackTimeoutMs: e.OBZOR_ACK_TIMEOUT_MS,
    dataDir: resolve(e.OBZOR_DATA_DIR),
    keyPrefix: e.OBZOR_KEY_PREFIX,
    demo,
    demoSpeed: e.OBZOR_DEMO_SPEED,
    sites,
    feeds,
    logMaxLen: e.OBZOR_LOG_MAXLEN,
    logKeepDays: e.OBZOR_LOG_KEEP_DAYS,
    archiveDir: resolve(e.OBZOR_ARCHIVE_DIR ?? join(e.OBZOR_DATA_DIR, 'archive')),
    archiveCheckMs: e.OBZOR_ARCHIVE_CHECK_MS,
    dedupeTtlSec: Math.round(e.OBZOR_DEDUPE_DAYS * day),
    counterTtlSec: Math.round(e.OBZOR_COUNTER_DAYS * day),
    rollupTtlSec: Math.round(e.OBZOR_ROLLUP_DAYS * day),
    openEntityTtlSec: Math.round(e.OBZOR_OPEN_ENTITY_DAYS * day),
    pushIntervalMs: e.OBZOR_PUSH_INTERVAL_MS,
    surgeCheckMs: e.OBZOR_SURGE_CHECK_MS,
    bodyLimit: e.OBZOR_BODY_LIMIT,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    ingestKeys: pairs('OBZOR_INGEST_KEYS', e.OBZOR_INGEST_KEYS).map(([source, key]) => ({ source, key })),
    displayTokens,
    ...(e.OBZOR_ADMIN_LOGIN && e.OBZOR_ADMIN_PASSWORD ? { admin: { login: e.OBZOR_ADMIN_LOGIN, password: e.OBZOR_ADMIN_PASSWORD } } : {}),
    ...(e.OBZOR_SESSION_SECRET ? { sessionSecret: e.OBZOR_SESSION_SECRET } : {}),
    sessionTtlSec: Math.round(e.OBZOR_SESSION_HOURS * 3600),
    cookieSecure: e.OBZOR_COOKIE_SECURE,
    trustProxy: e.OBZOR_TRUST_PROXY,
    allowedOrigins: e.OBZOR_ALLOWED_ORIGINS ? e.OBZOR_ALLOWED_ORIGINS.split(',').map((o) => o.trim()) : [],
    ingestRatePerSec: e.OBZOR_INGEST_RATE,
    loginAttempts: e.OBZOR_LOGIN_ATTEMPTS,
    feedSilentMs: Math.round(e.OBZOR_FEED_SILENT_SECONDS * 1000),
    ...(e.OBZOR_METRICS_TOKEN ? { metricsToken: e.OBZOR_METRICS_TOKEN } : {}),
    requestTimeoutMs: Math.round(e.OBZOR_REQUEST_TIMEOUT_SECONDS * 1000),
    connectionsPerAddress: e.OBZOR_CONNECTIONS_PER_ADDRESS,
    socketsPerPrincipal: e.OBZOR_SOCKETS_PER_PRINCIPAL,
    wsCompression: e.OBZOR_WS_COMPRESSION === 'on',
    resyncMinIntervalMs: e.OBZOR_RESYNC_MIN_INTERVAL_MS,
    ...overrides,
  });
}
