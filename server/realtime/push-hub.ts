/**
 * Pushes dashboard state to screens: the snapshot on connect, then per-site updates
 * coalesced to at most one every `intervalMs`, each with a sequence number that grows by
 * exactly one (kept in Redis, so restarts do not reset it) — a gap tells a client to resync.
 * A change after a quiet spell is pushed at once (leading edge); under steady traffic flushes
 * start `intervalMs` apart, so an event waits at most one interval for its update.
 * Rooms are per site and audience, so personal data only ever goes to rooms allowed it.
 */
import type { Server as HttpServer } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Server, type Socket } from 'socket.io';
import type { Snapshot } from '../../shared/snapshot.js';
import { SOCKET_TOO_MANY, type ClientToServerEvents, type Health, type InterServerEvents, type ServerToClientEvents, type SocketData, type StorePersistence } from '../../shared/socket.js';
import { originAllowed, socketAuth } from '../auth/socket-auth.js';
import type { DisplayTokenStore } from '../auth/display-tokens.js';
import type { UserStore } from '../auth/user-store.js';
import type { RedisSessionStore } from '../auth/redis-session-store.js';
import type { SessionsEnded } from '../auth/session-revocation.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from 'ioredis';
import type { ObzorRedis } from '../store/redis-client.js';
import type { StateReader } from '../store/state-reader.js';
import { audienceOf, siteFor, snapshotFor, type Audience } from './view-for.js';
import { FlushLease } from './flush-lease.js';
// how often every site is pushed even without events, so time-based figures stay right (screens watch it)
import { FULL_PUSH_MS } from '../../shared/push-timing.js';
import { ResyncGate } from './resync-gate.js';
import { principalOf, SocketQuota } from './socket-quota.js';

export type ObzorIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type ObzorSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const AUDIENCES: Audience[] = ['redacted', 'personal'];
export const siteRoom = (site: string, audience: Audience) => `site:${site}:${audience}`;

/** how often live sockets are re-checked against revoked tokens and ended sessions */
const RECHECK_MS = 30_000;
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
/** the largest message a client may send (its messages are tiny resync requests) */
const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;

/** a limit that refused or dropped a socket (metric label) */
export type SocketLimit = 'sockets_per_principal' | 'resync_flood' | 'packet_flood' | 'slow_client';

export interface PushHubDeps {
  httpServer: HttpServer;
  redis: ObzorRedis;
  /** a connection that queues commands while Redis is away (see createPatientRedis) */
  adapterRedis: Redis;
  keys: Keys;
  reader: StateReader;
  siteIds: readonly string[];
  intervalMs: number;
  log: Logger;
  sessionMiddleware: RequestHandler;
  sessions: RedisSessionStore;
  displays: DisplayTokenStore;
  users: UserStore;
  allowedOrigins: readonly string[];
  /** a source silent this long is shown as such on screens */
  feedSilentMs: number;
  /** whether Redis keeps its data (reported to screens; the duty view warns) */
  persistence?: () => StorePersistence;
  /** every site is pushed at least this often (default FULL_PUSH_MS; tests shorten it); screens watch for it */
  fullPushMs?: number;
  /** sockets one display token or session may hold, all nodes together */
  socketsPerPrincipal: number;
  /** a socket's resyncs read the state at most once per this interval */
  resyncMinIntervalMs: number;
  /** packets queued for a socket beyond which it is dropped (default MAX_BUFFERED_PACKETS; lowered by tests) */
  maxBufferedPackets?: number;
  onPushed?: (sites: number, ms: number) => void;
  onRefused?: (limit: SocketLimit) => void;
}

export class PushHub {
  readonly io: ObzorIo;
  /** sites whose "dirty" mark could not reach Redis yet */
  private readonly unsent = new Set<string>();
  private flushing = false;
  /** a change arrived during a flush: run again when the interval allows */
  private again = false;
  private scheduled: NodeJS.Timeout | undefined;
  private lastFlushStart = 0;
  private closed = false;
  private failing = false;
  private lastFullPush = Date.now();
  private readonly timers: NodeJS.Timeout[];
  private readonly lease: FlushLease;
  private lastHealth: Health | undefined;
  private readonly quota: SocketQuota;
  /** sockets dropped by a limit: the rest of what they sent is ignored, and they are counted once */
  private readonly dropped = new WeakSet<ObzorSocket>();

  constructor(private readonly deps: PushHubDeps) {
    this.io = new Server(deps.httpServer, {
      serveClient: false,
      maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
      allowRequest: (req, cb) => cb(null, originAllowed(req, deps.allowedOrigins)),
      // broadcasts reach the screens of every node; a stream survives a short Redis outage
      adapter: createAdapter(deps.adapterRedis, { streamName: deps.keys.push('socket.io'), maxLen: 10_000 }),
    });
    this.lease = new FlushLease(deps.redis, deps.keys.push('leader'), Math.max(1000, deps.intervalMs * 8));
    this.io.engine.use(deps.sessionMiddleware);
    this.io.use(socketAuth(deps.displays, deps.users));
    // entries of a node that died stop counting after three missed refreshes
    this.quota = new SocketQuota(deps.redis, deps.keys, deps.socketsPerPrincipal, 3 * RECHECK_MS);
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
    this.timers = [
      // picks up sites marked dirty by other nodes, and retries after failures
      setInterval(() => this.kick(), deps.intervalMs),
      setInterval(() => void this.recheck(), RECHECK_MS),
      setInterval(() => void this.sendHealth(), HEALTH_MS),
    ];
    for (const t of this.timers) t.unref();
  }

  /** Records that sites changed; whichever node holds the lease pushes them. */
  markDirty(sites: Iterable<string>): void {
    const list = [...sites, ...this.unsent];
    if (list.length === 0) return;
    this.unsent.clear();
    this.deps.redis.sadd(this.deps.keys.push('dirty'), ...list).then(
      () => this.kick(),
      () => {
        for (const s of list) this.unsent.add(s);
      },
    );
  }

  /** Flushes now if the last flush started an interval ago or more, else when it has. */
  private kick(): void {
    if (this.flushing) {
      this.again = true;
      return;
    }
    if (this.scheduled || this.closed) return;
    const wait = Math.max(0, this.lastFlushStart + this.deps.intervalMs - Date.now());
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      void this.flush();
    }, wait);
    this.scheduled.unref();
  }

  async health(): Promise<Health> {
    const storeUp = this.deps.redis.status === 'ready';
    let feeds: Health['feeds'] = this.lastHealth?.feeds ?? [];
    const now = Date.now();
    if (storeUp) {
      const [last, connected, lag] = await Promise.all([
        this.deps.redis.hgetall(this.deps.keys.feeds()).catch(() => null),
        this.deps.redis.hgetall(this.deps.keys.feedsConnected()).catch(() => null),
        this.deps.redis.hgetall(this.deps.keys.feedsLag()).catch(() => null),
      ]);
      if (last && connected) {
        const names = new Set([...Object.keys(last), ...Object.keys(connected)]);
        feeds = [...names].sort().map((source) => ({
          source,
          lastEventAt: Number(last[source] ?? 0),
          silent: false,
          ...(source in connected ? { connected: connected[source] === '1' } : {}),
          ...(lag && source in lag ? { lagMs: Number(lag[source]) } : {}),
        }));
      }
    }
    const storePersistence = this.deps.persistence?.();
    return { serverTime: now, storeUp, ...(storePersistence ? { storePersistence } : {}), feeds: feeds.map((f) => ({ ...f, silent: now - f.lastEventAt > this.deps.feedSilentMs })) };
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

  private async onConnection(socket: ObzorSocket): Promise<void> {
    const sites = this.sitesOf(socket);
    const audience = audienceOf(socket.data.role);
    // what one socket may ask: a packet budget, and resyncs coalesced to one read per interval
    let windowStart = performance.now();
    let packets = 0;
    socket.use((_packet, next) => {
      if (this.dropped.has(socket)) return;
      const now = performance.now();
      if (now - windowStart >= PACKET_WINDOW_MS) [windowStart, packets] = [now, 0];
      if (++packets > MAX_PACKETS_PER_WINDOW) return this.drop(socket, 'packet_flood');
      next();
    });
    const resyncs = new ResyncGate<Snapshot>(() => this.snapshot(sites, audience), {
      minIntervalMs: this.deps.resyncMinIntervalMs,
      maxWaiting: MAX_WAITING_RESYNCS,
      onError: (e) => this.deps.log.warn({ err: e.message }, 'resync failed'),
    });
    socket.on('resync', (ack) => {
      if (typeof ack !== 'function') return;
      if (!resyncs.request(ack)) this.drop(socket, 'resync_flood');
    });
    socket.on('disconnect', () => {
      resyncs.close();
      this.quota.release(socket.id);
    });
    await socket.join(sites.map((s) => siteRoom(s, audience)));
    try {
      socket.emit('snapshot', await this.snapshot(sites, audience));
    } catch (e) {
      this.deps.log.warn({ err: (e as Error).message }, 'snapshot on connect failed');
    }
    socket.emit('health', this.lastHealth ?? (await this.health()));
  }

  /** what a screen gets on connect and resync: the state, and the cadence it may expect updates at */
  private async snapshot(sites: readonly string[], audience: Audience): Promise<Snapshot> {
    return { ...snapshotFor(await this.deps.reader.snapshot(sites), audience), fullPushMs: this.fullPushMs };
  }

  private get fullPushMs(): number {
    return this.deps.fullPushMs ?? FULL_PUSH_MS;
  }

  /** One coalesced update per dirty site, by the lease holder; skipped while the previous flush runs. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    this.again = false;
    const started = Date.now();
    this.lastFlushStart = started;
    let sites: string[] = [];
    try {
      if (this.unsent.size) this.markDirty([]);
      if (!(await this.lease.hold())) return;
      sites = (await this.deps.redis.spop(this.deps.keys.push('dirty'), 1000)) as string[];
      // time moves KPIs without any event (ringing past 3 rings, overdue, open/closed): re-push all now and then
      if (started - this.lastFullPush >= this.fullPushMs) {
        sites = [...new Set([...sites, ...this.deps.siteIds])];
        this.lastFullPush = started;
      }
      if (sites.length === 0) return;
      // state first: a site whose state cannot be built now keeps its sequence (no gap, no resync
      // storm); its screens see its updates stop and say so, while every other site goes out
      const { states } = await this.deps.reader.sitesState(sites);
      const seqs = await Promise.all(states.map(async (st) => [st.site, await this.deps.redis.incr(this.deps.keys.seq(st.site))] as const));
      const seqOf = new Map(seqs);
      const serverTime = Date.now();
      for (const full of states) {
        const seq = seqOf.get(full.site)!;
        for (const audience of AUDIENCES) {
          this.io.to(siteRoom(full.site, audience)).emit('update', { site: full.site, seq, serverTime, state: siteFor({ ...full, seq }, audience) });
        }
      }
      this.deps.onPushed?.(states.length, Date.now() - started);
      this.failing = false;
    } catch (e) {
      // the sequence may have advanced without an update: clients see a gap and resync
      if (sites.length) for (const s of sites) this.unsent.add(s);
      if (!this.failing) this.deps.log.warn({ err: (e as Error).message }, 'push failing; retrying every tick');
      this.failing = true;
    } finally {
      this.flushing = false;
      if (this.again) this.kick();
    }
  }

  /** Drops the sockets of a revoked display token on this node (called on the pub/sub notice). */
  async dropDisplay(displayId: string): Promise<void> {
    for (const s of await this.io.local.fetchSockets()) if (s.data.displayId === displayId) s.disconnect(true);
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
    try {
      for (const s of await this.io.local.fetchSockets()) {
        const ok = s.data.displayId ? await this.deps.displays.isActive(s.data.displayId) : s.data.sessionId ? await this.deps.sessions.exists(s.data.sessionId) : false;
        if (!ok) s.disconnect(true);
      }
    } catch (e) {
      this.deps.log.debug({ err: (e as Error).message }, 'socket recheck skipped');
    }
  }

  /** Graceful stop: tell screens to reconnect elsewhere, hand the lease over, close. */
  async close(reconnectAfterMs = 1000): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    clearTimeout(this.scheduled);
    this.io.local.emit('shutdown', { reconnectAfterMs });
    await this.lease.release().catch(() => undefined);
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
  }
}
