/**
 * The Socket.IO side of the push: who may connect (origin, credentials, sockets per principal),
 * which rooms a socket joins (per site and audience, so personal data only reaches rooms allowed
 * it), what one socket may ask (a packet budget; the registry of client → server handlers, of which
 * `resync` is the first), the snapshot on connect, the health heartbeat, and dropping sockets
 * whose access ended or that misbehave.
 */
import type { Server as HttpServer } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Cluster, Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Server, type Socket } from 'socket.io';
import type { Snapshot, SiteState } from '../../shared/snapshot.js';
import { SOCKET_TOO_MANY, type ClientToServerEvents, type Health, type InterServerEvents, type ServerToClientEvents, type SocketData, type StorePersistence } from '../../shared/socket.js';
import { originAllowed, socketAuth } from '../auth/socket-auth.js';
import type { DisplayTokenStore, DisplayView } from '../auth/display-tokens.js';
import { screenKeyOf, type DisplayScreens } from '../auth/display-screens.js';
import { withQueueGroups, type DisplaySettings } from '../../shared/display-layout.js';
import type { UserStore } from '../auth/user-store.js';
import type { RedisSessionStore } from '../auth/redis-session-store.js';
import type { SessionsEnded } from '../auth/session-revocation.js';
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';
import type { StateReader } from '../store/state-reader.js';
import type { FeedHealth } from './feed-health.js';
import { deflateRawSync } from 'node:zlib';
import { PACK_FROM_BYTES, PACKED_AUTH_FIELD } from '../../shared/packed-update.js';
import { ResyncGate } from './resync-gate.js';
import { UpdateEncoder } from './update-encoder.js';
import { principalOf, SocketQuota } from './socket-quota.js';
import { audienceOf, siteFor, snapshotFor, type Audience } from './view-for.js';

export type ObzorIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ObzorSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const AUDIENCES: Audience[] = ['wall', 'redacted', 'personal'];
/** `packed`: the screens that inflate packed updates (shared/packed-update.ts) have rooms of their own */
export const siteRoom = (site: string, audience: Audience, packed = false) => `site:${site}:${audience}${packed ? ':packed' : ''}`;

/** how often live sockets are re-checked against revoked tokens and ended sessions */
export const RECHECK_MS = 30_000;
/** how often each node tells its screens whether data is fresh and feeds are alive */
export const HEALTH_MS = 5_000;

// ── what one client may ask of a node (docs/security.md, "Limits") ──
/** unanswered resync requests one socket may hold; the client asks one at a time, more is a flood */
const MAX_WAITING_RESYNCS = 10;
/** packets one socket may send per window (the client sends only resyncs, at most one a second) */
const MAX_PACKETS_PER_WINDOW = 100;
const PACKET_WINDOW_MS = 10_000;
/** packets queued for a socket that does not read them: beyond this it is dropped (it resyncs on reconnect) */
const MAX_BUFFERED_PACKETS = 1000;
/** with compression on, messages from this size on are deflated (smaller ones cost more than they save) */
const COMPRESS_FROM_BYTES = 1024;
/** the largest message a client may send (its messages are tiny resync requests) */
const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;

/** a limit that refused or dropped a socket (metric label) */
export type SocketLimit = 'sockets_per_principal' | 'resync_flood' | 'packet_flood' | 'slow_client';

export interface SocketServerDeps {
  httpServer: HttpServer;
  redis: ObzorRedis;
  /** a connection that queues commands while Redis is away (see createPatientRedis) */
  adapterRedis: Redis | Cluster;
  keys: Keys;
  reader: StateReader;
  siteIds: readonly string[];
  log: Logger;
  sessionMiddleware: RequestHandler;
  sessions: RedisSessionStore;
  displays: DisplayTokenStore;
  users: UserStore;
  allowedOrigins: readonly string[];
  feeds: FeedHealth;
  /** every site is pushed at least this often: screens learn it from the snapshot and watch for it */
  fullPushMs: number;
  /** whether Redis keeps its data (reported to screens; the duty view warns) */
  persistence?: () => StorePersistence;
  /** sockets one display token or session may hold, all nodes together */
  socketsPerPrincipal: number;
  /** where a display's screens are noted (build, last contact) for /admin */
  screens?: DisplayScreens;
  /** the sites file's queue groups of these sites (a display's layout may name groups) */
  queueGroups?: (sites: readonly string[]) => Record<string, string[]>[];
  /** per-message deflate for messages ≥ 1 KB (off unless configured: docs/performance.md, "Compression") */
  wsCompression?: boolean;
  /** a socket's resyncs read the state at most once per this interval */
  resyncMinIntervalMs: number;
  /** packets queued for a socket beyond which it is dropped (default MAX_BUFFERED_PACKETS; lowered by tests) */
  maxBufferedPackets?: number;
  /** heartbeat and re-check periods (tests shorten them) */
  healthMs?: number;
  recheckMs?: number;
  onRefused?: (limit: SocketLimit) => void;
  /** every update broadcast to a room: a patch or a whole state (packed: deflated), and its size */
  onUpdateSent?: (kind: 'patch' | 'full' | 'patch-packed' | 'full-packed', bytes: number) => void;
  clock?: () => number;
}

/** What a client → server handler knows of its socket. */
export interface SocketContext {
  socket: ObzorSocket;
  sites: readonly string[];
  audience: Audience;
  /** the state this socket may see, as on connect */
  snapshot(): Promise<Snapshot>;
  /** the socket broke a limit: drop it */
  drop(limit: SocketLimit): void;
  /** runs when the socket goes */
  onClose(fn: () => void): void;
}

type Handlers = { [E in keyof ClientToServerEvents]: (ctx: SocketContext) => ClientToServerEvents[E] };

/** how long a stop waits for in-flight HTTP requests before it closes their connections */
const CLOSE_GRACE_MS = 10_000;

export class SocketServer {
  readonly io: ObzorIo;
  private readonly quota: SocketQuota;
  /** sockets dropped by a limit: the rest of what they sent is ignored, and they are counted once */
  private readonly dropped = new WeakSet<ObzorSocket>();
  private readonly timers: NodeJS.Timeout[];
  private lastHealth: Health | undefined;
  private readonly clock: () => number;
  private readonly encoder: UpdateEncoder;

  /** Every event a client may send, and how it is answered; an event not here is not heard. */
  private readonly handlers: Handlers = {
    resync: (ctx) => {
      const gate = new ResyncGate<Snapshot>(() => ctx.snapshot(), {
        minIntervalMs: this.deps.resyncMinIntervalMs,
        maxWaiting: MAX_WAITING_RESYNCS,
        onError: (e) => this.deps.log.warn({ err: e.message }, 'resync failed'),
      });
      ctx.onClose(() => gate.close());
      return (ack) => {
        if (typeof ack !== 'function') return;
        if (!gate.request(ack)) ctx.drop('resync_flood');
      };
    },
  };

  constructor(private readonly deps: SocketServerDeps) {
    this.clock = deps.clock ?? Date.now;
    this.encoder = new UpdateEncoder(this.clock);
    this.io = new Server(deps.httpServer, {
      serveClient: false,
      maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
      // fastest level, small window: each socket keeps its own zlib context (memory per screen, measured in the bench)
      perMessageDeflate: deps.wsCompression ? { threshold: COMPRESS_FROM_BYTES, zlibDeflateOptions: { level: 1, memLevel: 8 }, serverMaxWindowBits: 13 } : false,
      allowRequest: (req, cb) => cb(null, originAllowed(req, deps.allowedOrigins)),
      // broadcasts reach the screens of every node; a stream survives a short Redis outage
      adapter: createAdapter(deps.adapterRedis, { streamName: deps.keys.push('socket.io'), maxLen: 10_000 }),
    });
    this.io.engine.use(deps.sessionMiddleware);
    // the check never throws (a Redis blip answers "unavailable"): its promise needs no handler
    const auth = socketAuth(deps.displays, deps.users);
    this.io.use((socket, next) => void auth(socket, next));
    const recheckMs = deps.recheckMs ?? RECHECK_MS;
    // entries of a node that died stop counting after three missed refreshes
    this.quota = new SocketQuota(deps.redis, deps.keys, deps.socketsPerPrincipal, 3 * recheckMs);
    this.io.use((socket, next) => {
      const principal = principalOf(socket.data);
      if (!principal) return next();
      void this.quota.admit(principal, socket.id).then((ok) => {
        if (ok) return next();
        deps.onRefused?.('sockets_per_principal');
        next(new Error(SOCKET_TOO_MANY));
      });
    });
    this.io.on('connection', (socket) => void this.onConnection(socket));
    this.timers = [setInterval(() => void this.recheck(), recheckMs), setInterval(() => void this.sendHealth(), deps.healthMs ?? HEALTH_MS)];
    for (const t of this.timers) t.unref();
  }

  /**
   * One site's new state to its rooms on every node, each audience its own view: what changed since
   * the last one, or all of it — as it is, and deflated once for the screens that inflate.
   */
  broadcast(state: SiteState, seq: number, serverTime: number): void {
    for (const audience of AUDIENCES) {
      const room = siteRoom(state.site, audience);
      const { update, body } = this.encoder.encode(room, siteFor({ ...state, seq }, audience), seq, serverTime);
      const kind = update.patch ? 'patch' : 'full';
      this.io.to(room).emit('update', update);
      this.deps.onUpdateSent?.(kind, body.length);
      const packedRoom = siteRoom(state.site, audience, true);
      if (body.length < PACK_FROM_BYTES) {
        this.io.to(packedRoom).emit('update', update);
        continue;
      }
      const raw = Buffer.from(body);
      const text = deflateRawSync(raw, { level: 6 }).toString('base64');
      this.io.to(packedRoom).emit('update', { site: update.site, seq, serverTime, packed: text, bytes: raw.length });
      this.deps.onUpdateSent?.(`${kind}-packed`, text.length);
    }
  }

  async health(): Promise<Health> {
    const feeds = await this.deps.feeds.read();
    const storePersistence = this.deps.persistence?.();
    return { serverTime: this.clock(), storeUp: this.deps.redis.status === 'ready', ...(storePersistence ? { storePersistence } : {}), feeds };
  }

  /** to this node's own screens only: it is this node's view of Redis that matters to them */
  private async sendHealth(): Promise<void> {
    this.dropSlowClients();
    this.lastHealth = await this.health();
    this.io.local.emit('health', this.lastHealth);
  }

  private drop(socket: ObzorSocket, limit: SocketLimit): void {
    if (this.dropped.has(socket)) return;
    this.dropped.add(socket);
    this.deps.onRefused?.(limit);
    this.deps.log.warn({ limit, role: socket.data.role, displayId: socket.data.displayId, address: socket.handshake.address }, 'socket dropped by a limit');
    socket.disconnect(true);
  }

  /** A socket that does not read what it is sent (packets pile up in its buffer) is dropped. */
  private dropSlowClients(): void {
    const max = this.deps.maxBufferedPackets ?? MAX_BUFFERED_PACKETS;
    for (const socket of this.io.of('/').sockets.values()) {
      // engine.io keeps a client's unsent packets here (not in its public typings)
      const queued = (socket.conn as unknown as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0;
      if (queued > max) this.drop(socket, 'slow_client');
    }
  }

  private sitesOf(socket: ObzorSocket): string[] {
    const allowed = socket.data.sites.length ? this.deps.siteIds.filter((s) => socket.data.sites.includes(s)) : [...this.deps.siteIds];
    const asked = socket.handshake.query.sites;
    const list = typeof asked === 'string' && asked ? asked.split(',') : [];
    const chosen = allowed.filter((s) => list.includes(s));
    return chosen.length ? chosen : allowed;
  }

  /** what a screen gets on connect and resync: the state, and the cadence it may expect updates at */
  private async snapshot(sites: readonly string[], audience: Audience): Promise<Snapshot> {
    return { ...snapshotFor(await this.deps.reader.snapshot(sites), audience), fullPushMs: this.deps.fullPushMs };
  }

  private async onConnection(socket: ObzorSocket): Promise<void> {
    const sites = this.sitesOf(socket);
    const audience = audienceOf(socket.data.role);
    // what one socket may send at all: a packet budget
    let windowStart = performance.now();
    let packets = 0;
    socket.use((_packet, next) => {
      if (this.dropped.has(socket)) return;
      const now = performance.now();
      if (now - windowStart >= PACKET_WINDOW_MS) [windowStart, packets] = [now, 0];
      if (++packets > MAX_PACKETS_PER_WINDOW) return this.drop(socket, 'packet_flood');
      next();
    });
    const closers: (() => void)[] = [() => this.quota.release(socket.id)];
    const ctx: SocketContext = { socket, sites, audience, snapshot: () => this.snapshot(sites, audience), drop: (limit) => this.drop(socket, limit), onClose: (fn) => closers.push(fn) };
    for (const event of Object.keys(this.handlers) as (keyof Handlers)[]) socket.on(event, this.handlers[event](ctx));
    socket.on('disconnect', () => {
      for (const close of closers) close();
    });
    const hello = (socket.handshake.auth ?? {}) as Record<string, unknown>;
    if (socket.data.displayId) this.noteScreen(socket, socket.data.displayId, hello, closers);
    // a screen that inflates gets packed updates (shared/packed-update.ts)
    const packed = hello[PACKED_AUTH_FIELD] === true;
    await socket.join(sites.map((s) => siteRoom(s, audience, packed)));
    // a wall's layout before its data: it draws its own tiles and theme from the first frame, not the built-in wall first
    if (socket.data.displayId) await this.sendDisplay(socket, socket.data.displayId);
    try {
      socket.emit('snapshot', await ctx.snapshot());
    } catch (e) {
      this.deps.log.warn({ err: (e as Error).message }, 'snapshot on connect failed');
    }
    socket.emit('health', this.lastHealth ?? (await this.health()));
  }

  /** the display's screen, for /admin: which build, from where, connected now (and when it leaves) */
  private noteScreen(socket: ObzorSocket, displayId: string, hello: Record<string, unknown>, closers: (() => void)[]): void {
    const screens = this.deps.screens;
    if (!screens) return;
    const screen = screenKeyOf({ screen: hello.screen, socketId: socket.id });
    const warn = (e: Error) => this.deps.log.debug({ err: e.message }, 'display screen not noted');
    screens.connected(displayId, { socketId: socket.id, screen: hello.screen, version: hello.version, address: socket.handshake.address }).catch(warn);
    socket.data.screen = screen;
    closers.push(() => void screens.disconnected(displayId, screen, socket.id).catch(warn));
  }

  /** what a display's screens are sent: its name, and its layout with the queue groups it names spelt out */
  private settingsOf(d: DisplayView): DisplaySettings {
    const sites = d.sites.length ? d.sites : this.deps.siteIds;
    return { name: d.name, layout: withQueueGroups(d.layout, this.deps.queueGroups?.(sites) ?? []) };
  }

  /** a wall's layout, from its display token */
  private async sendDisplay(socket: ObzorSocket, displayId: string): Promise<void> {
    try {
      const d = await this.deps.displays.get(displayId);
      if (d) socket.emit('display', this.settingsOf(d));
    } catch (e) {
      this.deps.log.warn({ err: (e as Error).message }, 'display settings on connect failed');
    }
  }

  /**
   * An admin changed a display (the pub/sub notice): its screens on this node get the new layout
   * at once; if its sites changed they are dropped and reconnect into the new sites' rooms.
   */
  async relayoutDisplay(displayId: string): Promise<void> {
    const mine = await this.screensOf(displayId);
    if (!mine.length) return;
    const d = await this.deps.displays.get(displayId);
    for (const s of mine) {
      const sameSites = d && d.sites.length === s.data.sites.length && d.sites.every((x) => s.data.sites.includes(x));
      if (!d || d.revokedAt || !sameSites) s.disconnect(true);
      else s.emit('display', this.settingsOf(d));
    }
  }

  /** this node's sockets of a display token */
  private async screensOf(displayId: string) {
    return (await this.io.local.fetchSockets()).filter((s) => s.data.displayId === displayId);
  }

  /** Drops the sockets of a revoked display token on this node (called on the pub/sub notice). */
  async dropDisplay(displayId: string): Promise<void> {
    for (const s of await this.screensOf(displayId)) s.disconnect(true);
  }

  /** An admin asked this display's screens to reload the page (the pub/sub notice). */
  async reloadDisplay(displayId: string): Promise<void> {
    for (const s of await this.screensOf(displayId)) s.emit('reload');
  }

  /** Drops this node's sockets of ended sessions: a user's (deleted or changed) or one session's (logout). */
  async dropSessions(ended: SessionsEnded): Promise<void> {
    for (const s of await this.io.local.fetchSockets()) {
      if ('login' in ended ? s.data.login === ended.login : s.data.sessionId === ended.sessionId) s.disconnect(true);
    }
  }

  /** Backstop for missed notices: re-validate every socket's token or session. */
  private async recheck(): Promise<void> {
    this.quota.retain(new Set(this.io.of('/').sockets.keys()));
    this.quota.refresh().catch((e: Error) => this.deps.log.debug({ err: e.message }, 'socket quota refresh skipped'));
    const walls = [...this.io.of('/').sockets.values()].filter((s) => s.data.displayId && s.data.screen);
    this.deps.screens?.confirm(walls.map((s) => ({ displayId: s.data.displayId!, screen: s.data.screen!, socketId: s.id }))).catch((e: Error) => this.deps.log.debug({ err: e.message }, 'display screens not confirmed'));
    try {
      for (const s of await this.io.local.fetchSockets()) {
        const ok = s.data.displayId ? await this.deps.displays.isActive(s.data.displayId) : s.data.sessionId ? await this.deps.sessions.exists(s.data.sessionId) : false;
        if (!ok) s.disconnect(true);
      }
    } catch (e) {
      this.deps.log.debug({ err: (e as Error).message }, 'socket recheck skipped');
    }
  }

  /** Tells this node's screens to reconnect elsewhere, then closes. */
  async close(reconnectAfterMs: number): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.io.local.emit('shutdown', { reconnectAfterMs });
    await new Promise<void>((resolve) => {
      // in-flight requests get a grace; then connections still held (a client that keeps its
      // keep-alive connection busy, a stalled one) are closed, so a stop never hangs on a client
      const force = setTimeout(() => this.deps.httpServer.closeAllConnections(), CLOSE_GRACE_MS);
      force.unref();
      void this.io.close(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }
}
