/**
 * Everything the wall shows, derived from the stores and the ticking server clock by the
 * pure rules in `client/src/domain/`. Recomputed every second, so ages and "past 3 rings"
 * change on screen between server updates.
 */
import { computed, type Ref } from 'vue';
import { useDashboardStore } from '../stores/dashboard.js';
import { useConnectionStore } from '../stores/connection.js';
import { useNow } from './useNow.js';
import { lateRings } from '../domain/ring-status.js';
import { bucketAcrossSites, bucketCallbacks } from '../domain/callback-buckets.js';
import { bucketAppeals } from '../domain/appeal-buckets.js';
import { summarizeConflicts } from '../domain/conflict-status.js';
import { longestWaitMs, mergeQueues, sumDayTotals } from '../domain/site-totals.js';
import { answeredIn3RingsShare, averageConnectMs } from '../domain/kpi.js';
import { countAgentsByState, loggedIn } from '../domain/agent-states.js';
import { DEFAULT_TIME_ZONE, NORM_DEFAULTS } from '@shared/norm-defaults.js';

/** `focus`: one site to show (rotation); null shows all the wall's sites together */
export function useWallFigures(focus?: Ref<string | null>) {
  const dashboard = useDashboardStore();
  const shown = computed(() => (focus?.value ? dashboard.sites.filter((s) => s.site === focus.value) : dashboard.sites));
  const merged = computed(() => mergeQueues(shown.value));
  const conn = useConnectionStore();
  const now = useNow();
  /**
   * The instant the figures are computed for: the ticking server clock while live; frozen at
   * the last moment the data was known current while offline, so every figure (ages,
   * "past 3 rings", overdue) stays consistent with the greyed "data as of HH:MM".
   */
  const at = computed(() => (conn.isStale && conn.asOf !== null ? Math.min(conn.asOf, now.value) : now.value));

  const queues = computed(() => merged.value.map((q) => ({ ...q, longestWaitMs: longestWaitMs(q, at.value) })));
  const rings = computed(() => lateRings(shown.value, at.value));
  // the sites' own norms; the defaults only before the first snapshot, when there is no site yet
  /** the ring limit shown in the title: the norm of the sites (they normally agree) */
  const ringsToAnswer = computed(() => shown.value[0]?.norms.ringsToAnswer ?? NORM_DEFAULTS.ringsToAnswer);
  /** N2 target of the (first) site */
  const connectTargetMs = computed(() => (shown.value[0]?.norms.connectTargetSeconds ?? NORM_DEFAULTS.connectTargetSeconds) * 1000);
  /** N11 callback window as configured, for the label */
  const callbackWindow = computed(() => shown.value[0]?.norms.callbackWindow ?? NORM_DEFAULTS.callbackWindow.hours);
  const callbacks = computed(() => bucketAcrossSites(shown.value, (s) => bucketCallbacks(s.callbacks, at.value, s.timeZone)));
  const appeals = computed(() => bucketAcrossSites(shown.value, (s) => bucketAppeals(s.appeals, at.value, s.timeZone)));
  const conflicts = computed(() => summarizeConflicts(shown.value, at.value));
  const agents = computed(() => countAgentsByState(shown.value.flatMap((s) => s.agents)));
  const agentsLoggedIn = computed(() => loggedIn(agents.value));
  const today = computed(() => {
    const t = sumDayTotals(shown.value.map((s) => s.today));
    return {
      offered: t.offered,
      answered: t.answered,
      abandoned: t.abandoned,
      in3RingsShare: answeredIn3RingsShare(t),
      avgConnectMs: averageConnectMs(t),
    };
  });
  /** the first site's time zone drives the header clock */
  const timeZone = computed(() => shown.value[0]?.timeZone ?? DEFAULT_TIME_ZONE);

  return {
    now,
    at,
    loaded: computed(() => dashboard.loaded),
    stale: computed(() => conn.isStale),
    status: computed(() => conn.screenStatus),
    asOf: computed(() => conn.asOf),
    sites: shown,
    timeZone,
    totalWaiting: computed(() => merged.value.reduce((n, q) => n + q.waiting, 0)),
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
