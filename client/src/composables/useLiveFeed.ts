/**
 * THE wiring of the server to the stores: Socket.IO for the snapshot on connect, the per-site
 * updates, the health heartbeat and the shutdown notice; GET /api/v1/snapshot (through the api
 * module) as the fallback for re-syncs. Components never touch the socket or fetch; they read
 * `useDashboardStore` and `useConnectionStore`.
 *
 * Authentication: a wall sends its display token as `auth.token`; a person's socket carries
 * the session cookie. A refusal (`connect_error` "unauthorized") is reported to
 * `onUnauthorized` and retried slowly — the server also says "unauthorized" while it cannot
 * check a token, and a wall must come back by itself when that passes. "Too many sockets" for
 * this token or session is retried slowly too, spread out (domain/socket-refusal.ts).
 *
 * Page parameters: `?sites=a,b` (or `?site=a`) limits the screen to those sites.
 */
import { screenIdentity } from '../api/screen-identity.js';
import { onScopeDispose, getCurrentScope } from 'vue';
import { io, type Socket } from 'socket.io-client';
import type { Snapshot } from '@shared/snapshot.js';
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/socket.js';
import { useDashboardStore } from '../stores/dashboard.js';
import { useConnectionStore } from '../stores/connection.js';
import { looksLikeDisplaySettings, looksLikeHealth, looksLikeSnapshot, looksLikeUpdate } from '../domain/payload-shape.js';
import { useDisplayStore } from '../stores/display.js';
import { fetchSnapshot } from '../api/obzor-api.js';
import { updateSilenceMs as silenceAfter } from '@shared/push-timing.js';
import { refusalOf } from '../domain/socket-refusal.js';
import { isPacked, PACKED_AUTH_FIELD, unpacked } from '@shared/packed-update.js';
import { inflateText } from '../api/inflate.js';

export type WallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveFeedOptions {
  /** site ids to show; default: from the page URL, else every site */
  sites?: readonly string[];
  /** how long to wait for the `resync` acknowledgement before falling back to HTTP */
  resyncTimeoutMs?: number;
  /** after connecting, how long to wait for the snapshot before asking for one */
  snapshotTimeoutMs?: number;
  /** a wall's display token; without it the session cookie authenticates the socket */
  auth?: { token: string } | undefined;
  /** the server refused the credentials */
  onUnauthorized?: () => void;
  /** the server accepted them (after a refusal: the screen may show data again) */
  onAuthorized?: () => void;
  /** no `health` for this long while connected: the data is shown as stale (the server sends one every 5 s) */
  healthTimeoutMs?: number;
  /** after a refusal, try again this often */
  unauthorizedRetryMs?: number;
  /** how often the update watchdog looks (it allows the silence shared/push-timing.ts derives from the server's cadence) */
  watchdogEveryMs?: number;
}

export interface LiveFeed {
  readonly socket: WallSocket;
  /** fetch a fresh snapshot (socket ack, else HTTP) and apply it; one at a time */
  resync(): Promise<void>;
  stop(): void;
}

const SITE_ID = /^[a-z0-9-]{1,64}$/;

export function sitesFromSearch(search: string): string[] {
  const p = new URLSearchParams(search);
  const raw = p.get('sites') ?? p.get('site') ?? '';
  return [...new Set(raw.split(',').map((s) => s.trim()).filter((s) => SITE_ID.test(s)))];
}

export function useLiveFeed(opts: LiveFeedOptions = {}): LiveFeed {
  const dashboard = useDashboardStore();
  const conn = useConnectionStore();
  const sites = opts.sites ?? sitesFromSearch(window.location.search);
  const resyncTimeoutMs = opts.resyncTimeoutMs ?? 5000;
  const snapshotTimeoutMs = opts.snapshotTimeoutMs ?? 5000;
  const healthTimeoutMs = opts.healthTimeoutMs ?? 15_000;
  const unauthorizedRetryMs = opts.unauthorizedRetryMs ?? 30_000;
  /** set from each snapshot's `fullPushMs`: the server's promise of how often every site comes */
  let updateSilenceMs = silenceAfter();
  const watchdogEveryMs = opts.watchdogEveryMs ?? 250;

  const socket: WallSocket = io({
    transports: ['websocket', 'polling'],
    // updates deflated once per broadcast for every screen (shared/packed-update.ts; inflated by api/inflate.ts)
    auth: { ...screenIdentity(), ...(opts.auth ? { token: opts.auth.token } : {}), [PACKED_AUTH_FIELD]: true },
    ...(sites.length ? { query: { sites: sites.join(',') } } : {}),
  });

  let resyncing: Promise<void> | null = null;
  /**
   * Snapshots and updates are applied as they arrive, in the task that received them (a packed one
   * is inflated synchronously: api/inflate.ts), so they stay in Socket.IO's order; one that cannot
   * be applied is said in the console and the next gap re-syncs.
   */
  function applySafely(apply: () => void): void {
    try {
      apply();
    } catch (e) {
      console.warn('[obzor] an update could not be applied:', (e as Error).message);
    }
  }
  let snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  let healthTimer: ReturnType<typeof setTimeout> | undefined;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let liveSinceConnect = false;
  let stopped = false;

  // The update watchdog: the server pushes every site at least every FULL_PUSH_MS, so a site
  // silent for longer, on a live socket, means its updates stopped — the screen says so by itself.
  /** client clock when data of each site last arrived, and the server time it was for */
  const lastData = new Map<string, { receivedAt: number; serverTime: number }>();
  /** sites the server said it could not build (snapshot.unavailableSites), until their next update */
  const unavailable = new Set<string>();

  function noteSiteData(site: string, serverTime: number, receivedAt: number): void {
    lastData.set(site, { receivedAt, serverTime });
    unavailable.delete(site);
  }

  function checkUpdates(now = Date.now()): void {
    // four times a second: nothing stalled before or now is the common case, and it calls no store action (a TV stick feels each)
    const nothingStalled = conn.stalledSites.length === 0;
    if (stopped || !socket.connected || !liveSinceConnect) return nothingStalled ? undefined : conn.markStalled([], null);
    const shown = new Set([...dashboard.siteOrder, ...unavailable]);
    const stalled = [...shown].filter((s) => unavailable.has(s) || now - (lastData.get(s)?.receivedAt ?? now) > updateSilenceMs);
    if (stalled.length === 0 && nothingStalled) return;
    const since = stalled.map((s) => lastData.get(s)?.serverTime).filter((t): t is number => t !== undefined);
    conn.markStalled(stalled, since.length ? Math.min(...since) : null);
  }
  const watchdog = setInterval(() => checkUpdates(), watchdogEveryMs);

  function armHealthWatchdog(): void {
    if (healthTimer !== undefined) clearTimeout(healthTimer);
    healthTimer = setTimeout(() => {
      healthTimer = undefined;
      if (!stopped && socket.connected) conn.markHealthMissing();
    }, healthTimeoutMs);
  }

  function clearHealthWatchdog(): void {
    if (healthTimer !== undefined) clearTimeout(healthTimer);
    healthTimer = undefined;
  }

  /** Connects again after `ms` (the socket does not by itself after a refusal or a server-side close). */
  function reconnectAfter(ms: number): void {
    if (reconnectTimer !== undefined) clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      if (!stopped && !socket.connected) socket.connect();
    }, ms);
  }

  function clearSnapshotTimer(): void {
    if (snapshotTimer !== undefined) clearTimeout(snapshotTimer);
    snapshotTimer = undefined;
  }

  /** The server sends a snapshot on connect; if none comes (store down), keep asking. */
  function awaitSnapshot(): void {
    clearSnapshotTimer();
    snapshotTimer = setTimeout(() => {
      snapshotTimer = undefined;
      if (stopped || liveSinceConnect || !socket.connected) return;
      void resync().finally(() => {
        if (!liveSinceConnect && socket.connected) awaitSnapshot();
      });
    }, snapshotTimeoutMs);
  }

  function acceptSnapshot(snapshot: Snapshot, keepNewer: boolean, receivedAt: number): void {
    conn.noteData(snapshot.serverTime, receivedAt);
    dashboard.applySnapshot(snapshot, { keepNewer });
    if (snapshot.fullPushMs) updateSilenceMs = silenceAfter(snapshot.fullPushMs);
    for (const s of snapshot.sites) noteSiteData(s.site, snapshot.serverTime, receivedAt);
    for (const s of snapshot.unavailableSites ?? []) unavailable.add(s);
    if (socket.connected) {
      liveSinceConnect = true;
      clearSnapshotTimer();
      conn.markLive();
    }
    checkUpdates(receivedAt);
  }

  async function requestSnapshot(): Promise<Snapshot> {
    if (socket.connected) {
      try {
        const viaSocket: unknown = await socket.timeout(resyncTimeoutMs).emitWithAck('resync');
        if (looksLikeSnapshot(viaSocket)) return viaSocket;
      } catch {
        // no acknowledgement in time: fall back to HTTP
      }
    }
    return fetchSnapshot(sites);
  }

  function resync(): Promise<void> {
    if (resyncing) return resyncing;
    resyncing = (async () => {
      try {
        const snapshot = await requestSnapshot();
        if (!stopped) acceptSnapshot(snapshot, true, Date.now());
      } catch (e) {
        console.warn('[obzor] re-sync failed:', (e as Error).message);
      } finally {
        resyncing = null;
      }
    })();
    return resyncing;
  }

  socket.on('connect', () => {
    liveSinceConnect = false;
    conn.markConnecting();
    opts.onAuthorized?.();
    awaitSnapshot();
    armHealthWatchdog();
  });

  socket.on('health', (health) => {
    if (!looksLikeHealth(health)) return;
    conn.noteHealth(health);
    armHealthWatchdog();
  });

  // a display's layout, on connect and whenever an admin changes it
  socket.on('display', (settings) => {
    if (looksLikeDisplaySettings(settings)) useDisplayStore().apply(settings);
    else console.warn('[obzor] ignored malformed display settings');
  });

  // an admin asked this display to reload (a new version of the app, a stuck kiosk)
  socket.on('reload', () => window.location.reload());

  // the node is stopping: leave now, come back (to any node) after the delay it asks for
  socket.on('shutdown', (info) => {
    const ms = typeof info?.reconnectAfterMs === 'number' && info.reconnectAfterMs >= 0 ? Math.min(info.reconnectAfterMs, 60_000) : 1000;
    socket.disconnect();
    conn.markOffline();
    reconnectAfter(ms + Math.floor(Math.random() * 250));
  });

  socket.on('snapshot', (snapshot) => {
    if (!looksLikeSnapshot(snapshot)) {
      console.warn('[obzor] ignored a malformed snapshot');
      return;
    }
    const receivedAt = Date.now();
    applySafely(() => acceptSnapshot(snapshot, false, receivedAt));
  });

  socket.on('update', (got) => {
    applySafely(() => {
      const update = isPacked(got) ? unpacked(got, inflateText(got.packed, got.bytes)) : got;
      applyArrived(update);
    });
  });

  function applyArrived(update: unknown): void {
    if (!looksLikeUpdate(update)) {
      console.warn('[obzor] ignored a malformed update');
      return;
    }
    conn.noteData(update.serverTime);
    noteSiteData(update.site, update.serverTime, Date.now());
    if (dashboard.applyUpdate(update) === 'gap') void resync();
    if (conn.stalledSites.length) checkUpdates();
  }

  socket.on('disconnect', (reason) => {
    liveSinceConnect = false;
    clearSnapshotTimer();
    clearHealthWatchdog();
    conn.markOffline();
    // dropped by the server (token revoked, session ended): reconnecting runs the auth check again
    if (reason === 'io server disconnect') reconnectAfter(1000);
  });

  socket.on('connect_error', (err) => {
    conn.markOffline();
    const refusal = refusalOf(err.message, unauthorizedRetryMs);
    if (refusal.kind === 'unauthorized') {
      opts.onUnauthorized?.();
      reconnectAfter(refusal.retryMs);
    } else if (refusal.kind === 'too-many' || !socket.active) {
      // refused by the server's middleware (too many sockets for this token or session, or the
      // store is away): the client library does not retry those by itself; transport errors it does
      reconnectAfter(refusal.retryMs);
    }
  });

  // Engine.IO heartbeats (every ~25 s) prove the data we hold is still current
  socket.io.on('ping', () => conn.noteHeartbeat());

  function stop(): void {
    if (stopped) return;
    stopped = true;
    clearInterval(watchdog);
    clearSnapshotTimer();
    clearHealthWatchdog();
    if (reconnectTimer !== undefined) clearTimeout(reconnectTimer);
    socket.removeAllListeners();
    socket.io.off('ping');
    socket.disconnect();
  }

  if (getCurrentScope()) onScopeDispose(stop);

  return { socket, resync, stop };
}
