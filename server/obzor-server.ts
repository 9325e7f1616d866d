/**
 * Composes the product from its parts; used by `npm start` (server/main.ts) and by tests,
 * which start it on port 0 with their own key prefix.
 */
import type { Express } from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { bootstrapCredentials } from './auth/bootstrap.js';
import { provisionCredentials, reprovisionWhenEmptied } from './auth/reprovision.js';
import { DisplayTokenStore } from './auth/display-tokens.js';
import { DisplayScreens } from './auth/display-screens.js';
import { clientVersionOf } from './http/client-version.js';
import { resolvePrincipal } from './auth/http-auth.js';
import { readGaps } from './store/feed-info.js';
import { HistoryReader } from './store/history-reader.js';
import { authenticateSource } from './auth/ingest-auth.js';
import { replayGuard } from './auth/replay-guard.js';
import { createSessions, sessionSecret } from './auth/session.js';
import { parseSessionsEnded } from './auth/session-revocation.js';
import { SourceCredentials } from './auth/source-credentials.js';
import { UserStore } from './auth/user-store.js';
import type { Config } from './config.js';
import { createApp } from './http/app.js';
import { capConnectionsPerAddress } from './http/connection-cap.js';
import { sourceAccess } from './http/events-route.js';
import { buildRouters } from './http/routes.js';
import { IngestService } from './ingest/ingest-service.js';
import { createLogger } from './logger.js';
import { SurgeWatch } from './alarms/surge-watch.js';
import { startFeeds } from './feeds/start-feeds.js';
import { Metrics } from './observability/metrics.js';
import { registerBusinessMetrics } from './observability/business-metrics.js';
import { RejectionLog } from './observability/rejection-log.js';
import { AuditLog } from './auth/audit-log.js';
import { reportStateProblems } from './observability/state-problems.js';
import { PushHub } from './realtime/push-hub.js';
import { FeedHealth } from './realtime/feed-health.js';
import { EventStore } from './store/event-store.js';
import { Keys } from './store/keys.js';
import { connectRedis, createPatientRedis, createRedis, duplicateOf, type ObzorRedis } from './store/redis-client.js';
import { migrateKeyLayout } from './store/key-layout-migration.js';
import { StateReader } from './store/state-reader.js';
import { WeekdayBaseline } from './store/weekday-baseline.js';
import { CALENDAR_CHANGED, CalendarStore } from './store/calendar-store.js';
import { LiveSites } from './store/live-sites.js';
import { SiteSettingsStore } from './store/site-settings-store.js';
import { PERSISTENCE_WARNING, readPersistence } from './store/persistence.js';
import type { StorePersistence } from '../shared/socket.js';
import { assertArchiveDir } from './archive/archive-dir.js';
import { LogArchiver } from './archive/log-archiver.js';

export const CLIENT_DIST = fileURLToPath(new URL('../client/dist', import.meta.url));

export interface ObzorServer {
  app: Express;
  url: string;
  port: number;
  http: Server;
  redis: ObzorRedis;
  keys: Keys;
  store: EventStore;
  ingest: IngestService;
  reader: StateReader;
  /** today's expected calls per site and queue from the same weekday's history (issue 16: forecast, surge) */
  baseline: WeekdayBaseline;
  hub: PushHub;
  /** issue 16: the surge alarm (tests call `tick()` with their own clock) */
  surgeWatch: SurgeWatch;
  /** issue 18: the event log's archive */
  archiver: LogArchiver;
  metrics: Metrics;
  /** whether Redis keeps its data, as last checked */
  storePersistence(): StorePersistence;
  users: UserStore;
  displays: DisplayTokenStore;
  sources: SourceCredentials;
  log: Logger;
  close(): Promise<void>;
}

export async function startObzor(config: Readonly<Config>, log: Logger = createLogger(config.logLevel)): Promise<ObzorServer> {
  const metrics = new Metrics();
  const redis = createRedis(config);
  redis.on('error', (e: Error) => {
    metrics.redisErrors.inc();
    log.debug({ err: e.message }, 'redis error');
  });
  let lastRedisStatus = '';
  redis.on('ready', () => lastRedisStatus !== 'ready' && log.info('redis ready'));
  redis.on('close', () => lastRedisStatus !== 'close' && log.warn('redis connection lost; ingest answers 503 until it is back'));
  for (const ev of ['ready', 'close'] as const) redis.on(ev, () => (lastRedisStatus = ev));
  await connectRedis(redis);
  // checked at start-up and again whenever Redis comes back (it may have restarted with other settings)
  let persistence = await readPersistence(redis);
  const notePersistence = (p: StorePersistence) => {
    metrics.storePersistent.set(p === 'none' ? 0 : 1);
    if (p === 'none') log.warn(PERSISTENCE_WARNING);
    else if (p === 'unknown') log.warn('could not tell whether Redis persists its data (CONFIG and INFO refused); make sure AOF is on: docs/operations.md');
  };
  notePersistence(persistence);
  redis.on('ready', () => {
    void readPersistence(redis).then((p) => {
      if (p !== persistence) notePersistence(p);
      persistence = p;
    });
  });
  // pub/sub needs a connection of its own
  const subscriber = duplicateOf(redis);
  subscriber.on('error', (e: Error) => log.debug({ err: e.message }, 'redis subscriber error'));
  await connectRedis(subscriber);

  const keys = new Keys(config.keyPrefix);
  const moved = await migrateKeyLayout(redis, keys);
  if (moved) log.info({ keys: moved }, 'renamed the keys of the layout before issue 18 (not a site\'s) under the hash tag {_}');
  const siteIds = config.sites.map((s) => s.id);
  const clock = config.clock ?? Date.now;
  const siteSettings = new SiteSettingsStore(redis, keys, clock);
  const sites = new LiveSites(config.sites, siteSettings, (site, why) => log.warn({ site, why }, 'the settings /admin stored for this site no longer validate: the sites file is in effect'));
  await sites.load();
  const calendar = new CalendarStore(redis, keys, clock, (year, why) => log.warn({ year, why }, 'a production-calendar year stored by /admin no longer validates: left out'));
  await calendar.install();
  const store = new EventStore(redis, keys, sites, config);
  const ingest = new IngestService(store, new Set(siteIds), clock, config.counterTtlSec * 1000);
  const baseline = new WeekdayBaseline(redis, keys, clock);
  const reader = new StateReader(redis, keys, sites, clock, reportStateProblems(log, metrics), baseline);
  const history = new HistoryReader(redis, keys);
  registerBusinessMetrics(metrics.registry, { reader, history, clock });

  const users = new UserStore(redis, keys, config.bcryptCost);
  users.prepare().catch((e: Error) => log.warn({ err: e.message }, 'dummy password hash not made yet; the first unknown login makes it'));
  const displays = new DisplayTokenStore(redis, keys);
  const screens = new DisplayScreens(redis, keys, clock);
  const sources = new SourceCredentials(redis, keys);
  const audit = new AuditLog(redis, keys);
  const secret = await sessionSecret(redis, keys, config.sessionSecret);
  const provision = async () => {
    await bootstrapCredentials(config, users, displays, sources, log);
    // this node's secret, if Redis lost the shared one: other nodes' cookies stay valid with it
    if (!config.sessionSecret) await redis.set(keys.auth('session-secret'), secret, 'NX');
  };
  await provisionCredentials(redis, keys, provision);
  const stopReprovisioning = reprovisionWhenEmptied(redis, keys, provision, log);
  const sessions = createSessions(redis, keys, secret, config.sessionTtlSec, config.cookieSecure);
  const ingestLimiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: keys.rateLimit('ingest'), points: config.ingestRatePerSec, duration: 1 });
  const loginLimiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: keys.rateLimit('login'), points: config.loginAttempts, duration: 15 * 60 });

  let stopping = false;
  const app = createApp({
    log,
    trustProxy: config.trustProxy,
    storeAvailable: () => store.available,
    sessionMiddleware: sessions.middleware,
    resolvePrincipal: resolvePrincipal(displays, users),
    routers: buildRouters({
      log,
      sites,
      liveSites: sites,
      siteSettings,
      calendar,
      guards: { source: sourceAccess(authenticateSource(sources, ingestLimiter, replayGuard(redis, keys), () => store.available), config.bodyLimit), metricsToken: config.metricsToken },
      store,
      ingest,
      reader,
      history,
      baseline,
      gaps: (sites, from, to) => readGaps(redis, keys, sites, from, to),
      users,
      displays,
      screens,
      clientVersion: clientVersionOf(CLIENT_DIST),
      sources,
      audit,
      metrics,
      loginLimiter,
      retentionDays: config.counterTtlSec / 86_400,
      rollupDays: config.rollupTtlSec / 86_400,
      clock,
    }),
    // anonymous: says whether to route traffic here, never which sources exist (they are in the screens' health and /metrics)
    readiness: async () => ({ ready: store.available && !stopping, detail: { redis: redis.status, stopping, persistence, ...(persistence === 'none' ? { warning: PERSISTENCE_WARNING } : {}) } }),
    clientDist: CLIENT_DIST,
    https: config.cookieSecure,
  });
  // a request must arrive whole within the timeout (Node's own default is 300 s); checked every second or faster
  const http = createServer(
    {
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.round(config.requestTimeoutMs / 4))),
    },
    app,
  );
  http.keepAliveTimeout = Math.min(5000, config.requestTimeoutMs);
  capConnectionsPerAddress(http, config.connectionsPerAddress, {
    countLoopback: config.capLoopbackConnections ?? false,
    onRefused: (address) => {
      metrics.refused.inc({ limit: 'connections_per_address' });
      log.debug({ address }, 'connection refused: too many from this address');
    },
  });
  const adapterRedis = createPatientRedis(config, 'obzor-adapter');
  adapterRedis.on('error', () => undefined);
  const feedHealth = new FeedHealth(redis, keys, config.feedSilentMs);
  const hub = new PushHub({
    httpServer: http,
    redis,
    adapterRedis,
    keys,
    reader,
    siteIds,
    intervalMs: config.pushIntervalMs,
    log,
    sessionMiddleware: sessions.middleware,
    sessions: sessions.store,
    displays,
    screens,
    users,
    allowedOrigins: config.allowedOrigins,
    feeds: feedHealth,
    ...(config.healthMs ? { healthMs: config.healthMs } : {}),
    persistence: () => persistence,
    ...(config.fullPushMs ? { fullPushMs: config.fullPushMs } : {}),
    ...(config.clock ? { clock: config.clock } : {}),
    socketsPerPrincipal: config.socketsPerPrincipal,
    wsCompression: config.wsCompression,
    queueGroups: (sites) => config.sites.filter((s) => sites.includes(s.id) && s.queueGroups).map((s) => s.queueGroups!),
    resyncMinIntervalMs: config.resyncMinIntervalMs,
    ...(config.maxBufferedPackets ? { maxBufferedPackets: config.maxBufferedPackets } : {}),
    onPushed: (_sites, ms) => metrics.pushSeconds.observe(ms / 1000),
    onRefused: (limit) => metrics.refused.inc({ limit }),
    onUpdateSent: (kind, bytes) => {
      metrics.updatesSent.inc({ kind });
      metrics.updateBytes.inc({ kind }, bytes);
    },
  });
  // a site's settings or the calendar changed in /admin: the screens get it with the next update
  sites.on('changed', (site) => hub.markDirty([site]));
  calendar.on('installed', () => hub.markDirty(siteIds));
  ingest.on('applied', (sites, events) => {
    hub.markDirty(sites);
    for (const [s, ms] of feedHealth.arrived(events)) metrics.feedLag.set({ source: s }, ms / 1000);
  });
  const rejections = new RejectionLog(log);
  ingest.on('ingested', (items, results, source, seconds) => {
    metrics.recordIngest(items, results, source, seconds);
    for (const r of results) if (r.status === 'rejected') rejections.rejected(source, r.id, r.error ?? 'rejected');
  });
  hub.io.on('connection', (socket) => {
    metrics.clients.inc({ role: socket.data.role });
    socket.on('disconnect', () => metrics.clients.dec({ role: socket.data.role }));
  });
  await subscriber.subscribe(keys.revokedChannel(), keys.displayChangedChannel(), keys.displayReloadChannel(), keys.sessionsEndedChannel(), keys.adminChangedChannel());
  subscriber.on('message', (channel: string, message: string) => {
    if (channel === keys.adminChangedChannel()) {
      const reloaded = message === CALENDAR_CHANGED ? calendar.install() : message.startsWith('site:') ? sites.reload(message.slice('site:'.length)) : undefined;
      reloaded?.catch((e: Error) => log.warn({ err: e.message, change: message }, 'could not reload what /admin changed; it applies on the next change or restart'));
    }
    if (channel === keys.revokedChannel()) void hub.dropDisplay(message);
    if (channel === keys.displayReloadChannel()) hub.reloadDisplay(message).catch((e: Error) => log.warn({ err: e.message }, 'display reload failed'));
    if (channel === keys.displayChangedChannel()) hub.relayoutDisplay(message).catch((e: Error) => log.warn({ err: e.message }, 'display re-layout failed'));
    if (channel === keys.sessionsEndedChannel()) {
      const ended = parseSessionsEnded(message);
      if (ended) void hub.dropSessions(ended);
    }
  });

  const feeds = startFeeds(config.feeds, { ingest, redis, keys, log, metrics, health: feedHealth });
  const surgeWatch = new SurgeWatch({ redis, keys, reader, ingest, sites, clock, log, intervalMs: config.surgeCheckMs });
  surgeWatch.start();
  // issue 18: the log's days past OBZOR_LOG_KEEP_DAYS to files (tests call run() with their own clock)
  const archiver = new LogArchiver({ redis, keys, dir: config.archiveDir, keepDays: config.logKeepDays, sites: () => siteIds, clock, log });
  if (config.logKeepDays > 0 && config.archiveCheckMs > 0) {
    assertArchiveDir(config.archiveDir);
    archiver.start(config.archiveCheckMs);
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  let closed = false;
  return {
    app,
    url,
    port,
    http,
    redis,
    keys,
    store,
    ingest,
    reader,
    baseline,
    hub,
    surgeWatch,
    archiver,
    metrics,
    users,
    displays,
    sources,
    log,
    storePersistence: () => persistence,
    /** SIGTERM: refuse new work (readyz 503), let in-flight requests finish, hint screens to reconnect */
    async close() {
      if (closed) return;
      closed = true;
      stopping = true;
      stopReprovisioning();
      await feeds.stop();
      await surgeWatch.stop();
      await archiver.stop();
      ingest.stop();
      await hub.close();
      subscriber.disconnect();
      adapterRedis.disconnect();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
