/**
 * The link to the server: status, how fresh the data is, the health the server reports
 * (its store, its feeds), and the server clock offset that lets ages tick in server time
 * between updates. Fed only by `useLiveFeed`.
 *
 * The data on screen is stale — and every screen says so — when the socket is down, when the
 * server cannot reach its store (`health.storeUp` false), when the updates of a site stopped
 * arriving (the screen's own watchdog: it does not take the server's word for it), or when the
 * server's health heartbeat stopped arriving: a screen must never look healthy while it is not.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { FeedStatus, Health, StorePersistence } from '@shared/socket.js';
import { estimateOffset, offsetSample, pushSample } from '../domain/clock-offset.js';
import { feedsOfSites } from '../domain/feed-scope.js';
import { useDashboardStore } from './dashboard.js';

export type ConnectionStatus = 'connecting' | 'live' | 'offline';
/** why the data is stale: no connection, the server's store is down, a site's updates stopped, or its heartbeat stopped */
export type StaleReason = 'offline' | 'store' | 'noUpdates' | 'noHealth';
/** what a screen's status pill says: connected but stale data or a silent feed is `degraded` */
export type ScreenStatus = ConnectionStatus | 'degraded';

export const useConnectionStore = defineStore('connection', () => {
  const status = ref<ConnectionStatus>('connecting');
  /** server time (epoch ms) of the last snapshot or update received; null before the first */
  const lastUpdateAt = ref<number | null>(null);
  /** server time we last heard from the server at all (data or heartbeat) */
  const lastHeardAt = ref<number | null>(null);
  /** add to Date.now() to get the server's clock */
  const clockOffsetMs = ref(0);
  /** server time the connection was lost; null while live or never connected */
  const offlineSince = ref<number | null>(null);
  /** from the last `health`: can the server reach its store (Redis)? */
  const storeUp = ref(true);
  /** from the last `health`: does Redis keep its data across a restart? */
  const storePersistence = ref<StorePersistence | null>(null);
  /** from the last `health`: every ingest source and when it last sent something */
  const feeds = shallowRef<readonly FeedStatus[]>([]);
  /** server time of the last `health` */
  const lastHealthAt = ref<number | null>(null);
  /** connected, but the health heartbeat is overdue */
  const healthMissing = ref(false);
  /** connected, but these sites' updates stopped (or the server could not build them) */
  const stalledSites = shallowRef<readonly string[]>([]);
  /** server time of the oldest data shown for a stalled site */
  const stalledSince = ref<number | null>(null);
  let samples: number[] = [];

  /**
   * The moment the wall's data is known to be current: while connected every change is pushed,
   * so silence means "no change" up to the last time we heard from the server.
   */
  const asOf = computed<number | null>(() => {
    const a = lastUpdateAt.value;
    const b = lastHeardAt.value;
    if (a === null) return null;
    const heard = b === null ? a : Math.max(a, b);
    // a stalled site is as old as its last data, whatever else arrived since
    return stalledSites.value.length && stalledSince.value !== null ? Math.min(heard, stalledSince.value) : heard;
  });
  const staleReason = computed<StaleReason | null>(() => {
    if (status.value === 'offline') return 'offline';
    if (!storeUp.value) return 'store';
    if (stalledSites.value.length && status.value === 'live') return 'noUpdates';
    if (healthMissing.value && status.value === 'live') return 'noHealth';
    return null;
  });
  const isStale = computed(() => staleReason.value !== null);
  const dashboard = useDashboardStore();
  /** the feeds of the sites this screen shows (and unbound senders): another site's feed is not this screen's alarm */
  const screenFeeds = computed(() => feedsOfSites(feeds.value, dashboard.sites.map((s) => s.site)));
  /** feeds that are silent, or (connection-based ones) not connected: the screen must say so */
  const silentFeeds = computed(() => screenFeeds.value.filter((f) => f.silent || f.connected === false));
  const screenStatus = computed<ScreenStatus>(() => (status.value === 'live' && (isStale.value || silentFeeds.value.length > 0) ? 'degraded' : status.value));

  function serverNow(clientNow = Date.now()): number {
    return clientNow + clockOffsetMs.value;
  }

  function noteServerTime(serverTime: number, receivedAt = Date.now()): void {
    samples = pushSample(samples, offsetSample(serverTime, receivedAt));
    clockOffsetMs.value = estimateOffset(samples);
  }

  /** A snapshot or update stamped `serverTime` arrived. */
  function noteData(serverTime: number, receivedAt = Date.now()): void {
    noteServerTime(serverTime, receivedAt);
    lastUpdateAt.value = Math.max(lastUpdateAt.value ?? 0, serverTime);
    lastHeardAt.value = serverNow(receivedAt);
  }

  /** A transport heartbeat arrived: the data we hold is still current (if the server's store is). */
  function noteHeartbeat(receivedAt = Date.now()): void {
    if (status.value === 'live' && storeUp.value && !healthMissing.value) lastHeardAt.value = serverNow(receivedAt);
  }

  /** The server's health report (every few seconds). */
  function noteHealth(h: Health, receivedAt = Date.now()): void {
    noteServerTime(h.serverTime, receivedAt);
    storeUp.value = h.storeUp;
    storePersistence.value = h.storePersistence ?? null;
    feeds.value = h.feeds;
    lastHealthAt.value = h.serverTime;
    healthMissing.value = false;
    noteHeartbeat(receivedAt);
  }

  function markHealthMissing(): void {
    healthMissing.value = true;
  }

  /** The update watchdog's finding: these sites are silent (none: all current); `since` = their oldest data. */
  function markStalled(sites: readonly string[], since: number | null): void {
    if (sites.length === 0 && stalledSites.value.length === 0) return;
    stalledSites.value = sites;
    stalledSince.value = sites.length ? since : null;
  }

  function markConnecting(): void {
    if (status.value !== 'offline') status.value = 'connecting';
  }

  function markLive(): void {
    status.value = 'live';
    offlineSince.value = null;
    healthMissing.value = false;
  }

  function markOffline(at = Date.now()): void {
    if (status.value !== 'offline') offlineSince.value = serverNow(at);
    status.value = 'offline';
  }

  return {
    status,
    lastUpdateAt,
    lastHeardAt,
    clockOffsetMs,
    offlineSince,
    storeUp,
    storePersistence,
    feeds,
    screenFeeds,
    lastHealthAt,
    healthMissing,
    stalledSites,
    stalledSince,
    asOf,
    staleReason,
    isStale,
    silentFeeds,
    screenStatus,
    serverNow,
    noteServerTime,
    noteData,
    noteHeartbeat,
    noteHealth,
    markHealthMissing,
    markStalled,
    markConnecting,
    markLive,
    markOffline,
  };
});
