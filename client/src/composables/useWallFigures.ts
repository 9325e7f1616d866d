/**
 * Everything the wall shows, derived from the stores and the ticking server clock by the
 * pure rules in `client/src/domain/`. Recomputed every second, so ages and "past 3 rings"
 * change on screen between server updates.
 */
import { computed } from 'vue';
import { useDashboardStore } from '../stores/dashboard.js';
import { useConnectionStore } from '../stores/connection.js';
import { useNow } from './useNow.js';
import { lateRings } from '../domain/ring-status.js';
import { bucketAcrossSites, bucketCallbacks } from '../domain/callback-buckets.js';
import { bucketAppeals } from '../domain/appeal-buckets.js';
import { summarizeConflicts } from '../domain/conflict-status.js';
import { longestWaitMs } from '../domain/site-totals.js';
import { answeredIn3RingsShare, averageConnectMs } from '../domain/kpi.js';
import { loggedIn } from '../domain/agent-states.js';
import { CONNECT_TARGET_MS as DEFAULT_CONNECT_TARGET_MS } from '../domain/status-levels.js';

export function useWallFigures() {
  const dashboard = useDashboardStore();
  const conn = useConnectionStore();
  const now = useNow();
  /**
   * The instant the figures are computed for: the ticking server clock while live; frozen at
   * the last moment the data was known current while offline, so every figure (ages,
   * "past 3 rings", overdue) stays consistent with the greyed "data as of HH:MM".
   */
  const at = computed(() => (conn.isStale && conn.asOf !== null ? Math.min(conn.asOf, now.value) : now.value));

  const queues = computed(() => dashboard.queues.map((q) => ({ ...q, longestWaitMs: longestWaitMs(q, at.value) })));
  const rings = computed(() => lateRings(dashboard.sites, at.value));
  /** the ring limit shown in the title: the norm of the sites (they normally agree) */
  const ringsToAnswer = computed(() => dashboard.sites[0]?.norms.ringsToAnswer ?? 3);
  /** N2 target of the (first) site, 40 s by the standard */
  const connectTargetMs = computed(() => (dashboard.sites[0]?.norms.connectTargetSeconds ?? DEFAULT_CONNECT_TARGET_MS / 1000) * 1000);
  /** N11 callback window as configured ("09:00-17:30"), for the label */
  const callbackWindow = computed(() => dashboard.sites[0]?.norms.callbackWindow ?? '09:00-17:30');
  const callbacks = computed(() => bucketAcrossSites(dashboard.sites, (s) => bucketCallbacks(s.callbacks, at.value, s.timeZone)));
  const appeals = computed(() => bucketAcrossSites(dashboard.sites, (s) => bucketAppeals(s.appeals, at.value, s.timeZone)));
  const conflicts = computed(() => summarizeConflicts(dashboard.sites, at.value));
  const agents = computed(() => dashboard.agentCounts);
  const agentsLoggedIn = computed(() => loggedIn(dashboard.agentCounts));
  const today = computed(() => {
    const t = dashboard.today;
    return {
      offered: t.offered,
      answered: t.answered,
      abandoned: t.abandoned,
      in3RingsShare: answeredIn3RingsShare(t),
      avgConnectMs: averageConnectMs(t),
    };
  });
  /** the first site's time zone drives the header clock */
  const timeZone = computed(() => dashboard.sites[0]?.timeZone ?? 'Asia/Sakhalin');

  return {
    now,
    at,
    loaded: computed(() => dashboard.loaded),
    stale: computed(() => conn.isStale),
    status: computed(() => conn.screenStatus),
    asOf: computed(() => conn.asOf),
    sites: computed(() => dashboard.sites),
    timeZone,
    timeZones: computed(() => dashboard.timeZones),
    totalWaiting: computed(() => dashboard.totalWaiting),
    queues,
    rings,
    ringsToAnswer,
    callbacks,
    callbackWindow,
    connectTargetMs,
    appeals,
    conflicts,
    agents,
    agentsLoggedIn,
    today,
  };
}

export type WallFigures = ReturnType<typeof useWallFigures>;
