/**
 * The layout of Redis in one place. Every key of a site carries the hash tag `{site}`,
 * so one Lua script may touch a site's entity, markers, counters and log on Redis Cluster.
 *
 *   <p>{site}:ent:<kind>:<id>   hash  v = version, r = {events, derived} JSON      (entity record)
 *   <p>{site}:seen:<eventId>    string, EX dedupe TTL                             (idempotency marker)
 *   <p>{site}:live:<table>      hash  field = entity id → JSON                    (live state)
 *   <p>{site}:ctr:<bucketMs>    hash  field = q|<queue>|<counter> … → integer      (15-min counters; fields: shared/counters.ts)
 *   <p>{site}:log               stream  e = event JSON                            (event log)
 *   <p>{site}:seq               string  last pushed update sequence
 *   <p>{site}:day:<YYYY-MM-DD>  hash  the local day's counters (same fields as ctr, no qm|), EX OBZOR_ROLLUP_DAYS (issue 17)
 *   <p>{site}:surge-alarm       hash    queue → incident id the surge alarm opened (issue 16); cleared by a quiet minute
 *   <p>{site}:surge-lock        string, PX < 1 min: the node checking the site's surge alarm this minute
 *   <p>{site}:archive-lock      string, PX 10 min: the node moving the site's old log days to OBZOR_ARCHIVE_DIR (issue 18)
 *
 * Keys that are not a site's carry the hash tag `{_}` (GLOBAL_TAG): `<p>` below stands for `<prefix>{_}:` there,
 * e.g. `obzor:{_}:auth:users` (issue 18; keys of the layout before are renamed at start-up: key-layout-migration.ts).
 * Pub/sub channels are not keys and keep `<prefix>` alone.
 *
 * Credentials (not per site):
 *   <p>auth:user:<login>              hash  role, sites, hash (bcrypt), createdAt
 *   <p>auth:user-sessions:<login>     set   sids of the user's sessions (EX ≥ the newest one's), ended on delete/change
 *   <p>auth:users                     set   logins
 *   <p>auth:display:<id>              hash  name, sites, layout (JSON), tokenHash, createdAt, revokedAt, fromEnv
 *   <p>auth:display-hash:<sha256>     string display id (kept after revocation, so an env token stays revoked)
 *   <p>auth:display-screens:<id>      hash  screen id → JSON {version, address, lastContact, socketId}: the display's screens lately (30 days)
 *   <p>auth:displays                  set   ids
 *   <p>auth:source:<name>             hash  keyHash (sha256 of the API key), envKeyHash (of the OBZOR_INGEST_KEYS key), hmacSecret, createdAt
 *   <p>auth:source-key:<sha256>       string source name
 *   <p>auth:sources                   set   names
 *   <p>auth:source-revoked:<sha256>   string source name: a removed API key, never re-provisioned from env
 *   <p>auth:session-secret            string cookie-signing secret shared by all nodes
 *   <p>sess:<sid>                     string session JSON, EX = session TTL
 *   <p>auth:sig:<sha256>              string, EX 2 × signature window: an applied HMAC signature (replay guard)
 *   <p>auth:audit                     stream  every change an admin made: at, actor, action, target, before, after (JSON; never a secret), ~10,000 kept
 *   <p>auth:provisioned               string epoch ms: configuration's credentials are in (missing: Redis came back empty)
 *   <p>auth:provisioning              string, PX 10 s: one node re-provisions at a time
 *   <p>layout                         string '2': the keys of the layout before issue 18 were renamed under {_} (key-layout-migration.ts)
 *   <p>rl:<limiter>:<key>             rate-limiter-flexible counters (limiter: ingest, login)
 *   <p>auth:revoked                   pub/sub  display id revoked: every node drops its sockets
 *   <p>auth:display-changed           pub/sub  display id whose name, sites or layout changed: every node re-lays out its screens
 *   <p>auth:display-reload            pub/sub  display id: every node tells that display's screens to reload the page
 *   <p>auth:sessions-ended            pub/sub  {"login"} or {"sessionId"}: every node drops those sockets
 *
 * Push coordination (several nodes):
 *   <p>push:dirty                     set    sites with changes not yet pushed
 *   <p>push:leader                    string node id holding the flush lease (PX)
 *   <p>push:socket.io                 stream Socket.IO broadcasts between nodes (redis-streams-adapter)
 *   <p>feeds                          hash   source → epoch ms of its last accepted event
 *   <p>feeds:lag                      hash   source → ms its last batch arrived after its newest event's own time
 *   <p>feeds:connected                hash   connection-based source (AMI) → '1' up / '0' down
 *   <p>feeds:info                     hash   Asterisk feed → JSON {site, kind, seesRings, mapErrors, lastGap} (server/feeds)
 *   <p>feeds:members:<site>           hash   member name → queue member interface, learned from AMI (one agent per operator)
 *   <p>feeds:calls:<feed>             hash   callId → JSON: an AMI feed's calls in progress, kept across a restart of Obzor
 *   <p>{site}:gaps                    zset   JSON {source, from, to}, score = from: when a feed of the site was away
 *
 * What /admin changed (wins over the configuration until reset):
 *   <p>{site}:settings                string JSON {settings, by, at}: the site's name, zone, norms, hours, thresholds
 *   <p>admin:calendar                 hash   year → JSON {nonWorkingWeekdays, workingWeekendDays, by, at}: production-calendar decrees
 *   <p>admin:changed                  pub/sub "site:<id>" or "calendar": every node reloads it
 *   <p>feeds:position:<feed>          string JSON position of a file-following feed (queue_log: inode, offset…)
 *   <p>sockets:<principal>            zset   socket id → expiry (epoch ms): live sockets of one display token or session, all nodes
 */
import type { LiveTable } from '../domain/derived.js';

/** how a display token is named among the holders of sockets (keys.sockets, the socket quota) */
export const displayPrincipal = (displayId: string) => `display:${displayId}`;

/** The names under `auth:` (see the layout above). */
export type AuthKey =
  | 'users'
  | `user:${string}`
  | `user-sessions:${string}`
  | 'displays'
  | `display:${string}`
  | `display-hash:${string}`
  | `display-screens:${string}`
  | 'sources'
  | `source:${string}`
  | `source-key:${string}`
  | `source-revoked:${string}`
  | 'session-secret'
  | `sig:${string}`
  | 'provisioned'
  | 'provisioning'
  | 'audit';
import type { EntityKind } from '../domain/entities.js';

/**
 * The hash tag of every key that is not a site's: on Redis Cluster they share one slot, so a
 * MULTI over a user and the set of users (or a session and its user's sessions) stays atomic.
 * `_` is never a site id (lower-case letters, digits and -), so no site shares its slot.
 */
export const GLOBAL_TAG = '{_}';

export class Keys {
  /** the start of every key that is not a site's (see the layout above) */
  readonly global: string;

  constructor(readonly prefix: string) {
    if (/[{}]/.test(prefix)) throw new Error('key prefix must not contain { or }');
    this.global = `${prefix}${GLOBAL_TAG}:`;
  }

  site(site: string): string {
    return `${this.prefix}{${site}}:`;
  }
  entity(site: string, kind: EntityKind, id: string): string {
    return `${this.site(site)}ent:${kind}:${id}`;
  }
  seen(site: string, eventId: string): string {
    return `${this.site(site)}seen:${eventId}`;
  }
  live(site: string, table: LiveTable): string {
    return `${this.site(site)}live:${table}`;
  }
  counters(site: string, bucket: number): string {
    return `${this.site(site)}ctr:${bucket}`;
  }
  log(site: string): string {
    return `${this.site(site)}log`;
  }
  /** issue 17: one local day's counters summed (the fields of the 15-minute hashes but the minute arrivals), kept for years */
  daily(site: string, date: string): string {
    return `${this.site(site)}day:${date}`;
  }
  /** issue 16: queue → the surge incident its alarm opened, until a quiet minute re-arms it */
  surgeAlarm(site: string): string {
    return `${this.site(site)}surge-alarm`;
  }
  /** issue 16: one node a minute checks the site's surge alarm (SET NX PX) */
  surgeLock(site: string): string {
    return `${this.site(site)}surge-lock`;
  }
  seq(site: string): string {
    return `${this.site(site)}seq`;
  }
  /** every credential key there is, by name: a new one is added to AuthKey (and the layout above) first */
  auth(name: AuthKey): string {
    return `${this.global}auth:${name}`;
  }
  session(sid: string): string {
    return `${this.global}sess:${sid}`;
  }
  /** the sids of one user's sessions, so deleting or changing the user can end them all */
  userSessions(login: string): string {
    return `${this.global}auth:user-sessions:${login}`;
  }
  /** rate-limiter-flexible's key prefix for one limiter (it appends `:<key>`) */
  rateLimit(limiter: 'ingest' | 'login'): string {
    return `${this.global}rl:${limiter}`;
  }
  /** where a file-following feed (queue_log) keeps its position */
  feedPosition(feed: string): string {
    return `${this.global}feeds:position:${feed}`;
  }
  push(name: 'dirty' | 'leader' | 'socket.io'): string {
    return `${this.global}push:${name}`;
  }
  feeds(): string {
    return `${this.global}feeds`;
  }

  feedsLag(): string {
    return `${this.global}feeds:lag`;
  }

  feedsConnected(): string {
    return `${this.global}feeds:connected`;
  }

  feedsInfo(): string {
    return `${this.global}feeds:info`;
  }

  feedsMembers(site: string): string {
    return `${this.global}feeds:members:${site}`;
  }

  feedCalls(feed: string): string {
    return `${this.global}feeds:calls:${feed}`;
  }

  /** when the feeds of a site were away: history shows these instead of invented figures */
  gaps(site: string): string {
    return `${this.site(site)}gaps`;
  }
  /** pub/sub channel: a display token was revoked, every node drops its sockets */
  revokedChannel(): string {
    return `${this.prefix}auth:revoked`;
  }
  /** pub/sub channel: a display's name, sites or layout changed, every node re-lays out its screens */
  displayChangedChannel(): string {
    return `${this.prefix}auth:display-changed`;
  }
  /** pub/sub channel: sessions ended (a user deleted or changed, a logout), every node drops their sockets */
  sessionsEndedChannel(): string {
    return `${this.prefix}auth:sessions-ended`;
  }
  /** pub/sub channel: a display id whose screens an admin asked to reload */
  displayReloadChannel(): string {
    return `${this.prefix}auth:display-reload`;
  }
  /** `principal`: `display:<id>` (displayPrincipal) or `session:<sha256 of the session id>` */
  sockets(principal: string): string {
    return `${this.global}sockets:${principal}`;
  }
  /** what /admin set for the site (server/store/site-settings-store.ts) */
  siteSettings(site: string): string {
    return `${this.site(site)}settings`;
  }
  /** the production-calendar decrees added in /admin */
  calendar(): string {
    return `${this.global}admin:calendar`;
  }
  /** pub/sub channel: a site's settings or the calendar changed in /admin, every node reloads it */
  adminChangedChannel(): string {
    return `${this.prefix}admin:changed`;
  }
  /** every key of every site (not the global ones), for rebuild and test clean-up: SCAN's MATCH, braces escaped */
  allPattern(): string {
    return `${escapeGlob(this.prefix)}\\{[a-z0-9-]*`;
  }
}

/** a literal for SCAN's MATCH */
export function escapeGlob(s: string): string {
  return s.replace(/[{}*?[\]\\]/g, (c) => `\\${c}`);
}
