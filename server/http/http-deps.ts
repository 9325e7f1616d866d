/**
 * What the HTTP routes are built from: the services of one node, made once in
 * server/obzor-server.ts. Every router has the same signature — `(deps) => ApiRouter`, taking
 * the part of these it uses — and the app mounts each at its prefix (server/http/app.ts).
 */
import type { Logger } from 'pino';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import type { DisplayTokenStore } from '../auth/display-tokens.js';
import type { DisplayScreens } from '../auth/display-screens.js';
import type { SourceCredentials } from '../auth/source-credentials.js';
import type { UserStore } from '../auth/user-store.js';
import type { AuditLog } from '../auth/audit-log.js';
import type { SiteLookup } from '../domain/sites.js';
import type { IngestService } from '../ingest/ingest-service.js';
import type { Metrics } from '../observability/metrics.js';
import type { EventStore } from '../store/event-store.js';
import type { FeedGap } from '../store/feed-info.js';
import type { HistoryReader } from '../store/history-reader.js';
import type { StateReader } from '../store/state-reader.js';
import type { WeekdayBaseline } from '../store/weekday-baseline.js';
import type { CalendarStore } from '../store/calendar-store.js';
import type { LiveSites } from '../store/live-sites.js';
import type { SiteSettingsStore } from '../store/site-settings-store.js';
import type { AccessGuards, ApiRouter } from './api-router.js';

export interface HttpDeps {
  log: Logger;
  /** the sites in effect now (asked per request: /admin may change a site's zone or norms) */
  sites: SiteLookup;
  /** the same sites with what /admin needs of them: the file's settings and who changed them */
  liveSites: LiveSites;
  siteSettings: SiteSettingsStore;
  calendar: CalendarStore;
  guards: AccessGuards;
  store: Pick<EventStore, 'entity'>;
  ingest: IngestService;
  reader: StateReader;
  history: Pick<HistoryReader, 'read' | 'readTotals' | 'totalsOf' | 'agentTotalsOf' | 'splitOf' | 'readByQueue' | 'queuesOf'>;
  /** today's expected calls from the same weekday's history, per site (read once a day) */
  baseline: Pick<WeekdayBaseline, 'expectedDay'>;
  /** the times a feed of the sites was away within [from, to) (server/store/feed-info.ts) */
  gaps: (sites: readonly string[], from: number, to: number) => Promise<FeedGap[]>;
  users: UserStore;
  displays: DisplayTokenStore;
  screens: DisplayScreens;
  /** the build of the client this server serves (client/dist/version.json), undefined when unknown */
  clientVersion: () => Promise<string | undefined>;
  sources: SourceCredentials;
  audit: AuditLog;
  metrics: Metrics;
  loginLimiter: RateLimiterRedis;
  /** how far back counters are kept (OBZOR_COUNTER_DAYS): older history is refused, not answered with zeros */
  retentionDays: number;
  /** issue 17: how long the daily roll-ups are kept (reports by days reach this far) */
  rollupDays: number;
  clock: () => number;
}

/** A router module: built from (part of) the node's services, mounted at its prefix. */
export type RouteModule<K extends keyof HttpDeps = keyof HttpDeps> = (deps: Pick<HttpDeps, K>) => ApiRouter;
