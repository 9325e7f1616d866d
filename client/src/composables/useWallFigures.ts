/**
 * Everything the wall shows, derived from the stores and the ticking server clock by the
 * pure rules in `client/src/domain/` and `shared/`. Recomputed every second, so ages and
 * "ringing past the limit" change on screen between server updates. Every level (amber, red) is a KPI's
 * status as the server judges it: its own for what does not move with the clock, and for what
 * does (waits, rings, deadlines) the value ticked on, judged by the same rule with the site's
 * thresholds (domain/sites-kpi.ts).
 */
import { computed, inject, provide, type InjectionKey, type Ref } from 'vue';
import type { Kpi } from '@shared/kpi.js';
import { kpiAt, type KpiId } from '@shared/kpi-rules.js';
import type { SiteState } from '@shared/snapshot.js';
import { DEFAULT_TIME_ZONE, NORM_DEFAULTS } from '@shared/norm-defaults.js';
import { useDashboardStore } from '../stores/dashboard.js';
import { useConnectionStore } from '../stores/connection.js';
import { useNow } from './useNow.js';
import { stableComputed } from './stableComputed.js';
import { sitesBy } from './sitesBy.js';
import { lateRings } from '../domain/ring-status.js';
import { addBuckets, bucketCallbacks, EMPTY_BUCKETS, type DeadlineBuckets } from '../domain/callback-buckets.js';
import { bucketAppeals } from '../domain/appeal-buckets.js';
import { summarizeConflicts } from '../domain/conflict-status.js';
import { sumDayTotals } from '../domain/site-totals.js';
import { queueRows } from '../domain/queue-rows.js';
import { siteAlarm } from '../domain/site-alarm.js';
import { countAgentsByState, loggedIn } from '../domain/agent-states.js';
import { levelOf, type Level } from '../domain/kpi-display.js';
import { kpiOfSites } from '../domain/sites-kpi.js';
import { lostCallFigure } from '../domain/lost-call-figure.js';

/** A backlog's figures at the sites shown, with the levels of the server's KPIs for them. */
export interface Backlog {
  buckets: DeadlineBuckets;
  overdueLevel: Level;
  dueTodayLevel: Level;
}

/**
 * `focus`: one site to show (rotation); null shows all the wall's sites together.
 * `onlyQueues`: the display's queues (its layout); null shows every queue.
 */
export function useWallFigures(focus?: Ref<string | null>, onlyQueues?: Ref<readonly string[] | null>) {
  const dashboard = useDashboardStore();
  const shown = computed(() => (focus?.value ? dashboard.sites.filter((s) => s.site === focus.value) : dashboard.sites));
  const conn = useConnectionStore();
  const now = useNow();
  /**
   * The instant the figures are computed for: the ticking server clock while live; frozen at
   * the last moment the data was known current while offline, so every figure (ages,
   * "ringing past the limit", overdue) stays consistent with the greyed "data as of HH:MM".
   */
  const at = computed(() => (conn.isStale && conn.asOf !== null ? Math.min(conn.asOf, now.value) : now.value));

  /** the KPI of the shown sites; `measure`: its value at `at`, for a KPI that moves with the clock */
  const kpi = (id: KpiId, measure?: (s: SiteState) => number | null, sites: readonly SiteState[] = shown.value): Kpi | undefined =>
    kpiOfSites(
      id,
      sites.map((s) => {
        const k = s.kpis?.[id];
        return k && measure ? kpiAt(k, measure(s)) : k;
      }),
      dashboard.centreKpis,
    );
  /** the level of a KPI with a value; none before there is one */
  const levelWithValue = (k: Kpi | undefined): Level | undefined => (k && k.value !== null ? levelOf(k.status) : undefined);

  /** a row per queue of each shown site, the worst first (domain/queue-rows.ts) */
  const inLayout = (queue: string) => !onlyQueues?.value || onlyQueues.value.includes(queue);
  const queues = stableComputed(() => queueRows(shown.value, at.value).filter((q) => inLayout(q.queue)));
  /** every site of the wall, shown or not: the strip, and the "at other sites" alarm while rotating */
  const alarms = stableComputed(() => dashboard.sites.map((s) => siteAlarm(s, at.value)));
  const rings = stableComputed(() => lateRings(shown.value, at.value).filter((r) => inLayout(r.queue)));
  const ringsLevel = computed(() => levelOf(kpi('ringingPast3Now', (s) => rings.value.filter((r) => r.site === s.site).length)?.status));

  /** a backlog at each shown site (its own zone), summed, with the KPIs' levels for it */
  const backlog = (sites: readonly SiteState[], bucket: (s: SiteState) => DeadlineBuckets, overdue: KpiId, dueToday: KpiId): Backlog => {
    const bySite = new Map(sites.map((s) => [s.site, bucket(s)]));
    const of = (s: SiteState) => bySite.get(s.site) ?? EMPTY_BUCKETS;
    return {
      buckets: [...bySite.values()].reduce(addBuckets, { ...EMPTY_BUCKETS }),
      overdueLevel: levelOf(kpi(overdue, (s) => of(s).overdue, sites)?.status),
      dueTodayLevel: levelOf(kpi(dueToday, (s) => of(s).dueToday, sites)?.status),
    };
  };
  const withCallbacks = sitesBy(() => shown.value, (s) => [s.site, s.timeZone, s.callbacks, s.kpis?.callbacksOverdue, s.kpis?.callbacksDueToday]);
  const withAppeals = sitesBy(() => shown.value, (s) => [s.site, s.timeZone, s.appeals, s.kpis?.appealsOverdue, s.kpis?.appealsDueToday]);
  const callbacks = stableComputed(() => backlog(withCallbacks.value, (s) => bucketCallbacks(s.callbacks, at.value, s.timeZone), 'callbacksOverdue', 'callbacksDueToday'));
  const appeals = stableComputed(() => backlog(withAppeals.value, (s) => bucketAppeals(s.appeals, at.value, s.timeZone), 'appealsOverdue', 'appealsDueToday'));

  /** issue 16: lost callers to call back at the shown sites (their queues of the layout): count, oldest, status ticked on */
  const withLostCalls = sitesBy(() => shown.value, (s) => [s.site, s.norms, s.lostCalls]);
  const lostCalls = stableComputed(() => lostCallFigure(withLostCalls.value, at.value, inLayout));

  // the sites' own norms; the defaults only before the first snapshot, when there is no site yet
  /** the ring limit shown in the title: the norm of the sites (they normally agree) */
  const ringsToAnswer = computed(() => shown.value[0]?.norms.ringsToAnswer ?? NORM_DEFAULTS.ringsToAnswer);
  /** N11 callback window as configured, for the label */
  const callbackWindow = computed(() => shown.value[0]?.norms.callbackWindow ?? NORM_DEFAULTS.callbackWindow.hours);
  const conflictParts = (s: SiteState) => [s.site, s.norms, s.conflicts];
  const withConflicts = sitesBy(() => shown.value, conflictParts);
  const conflicts = stableComputed(() => summarizeConflicts(withConflicts.value, at.value));
  /** escalations of every site of the wall, shown or not: one nobody accepted takes the band */
  const allWithConflicts = sitesBy(() => dashboard.sites, conflictParts);
  const allConflicts = stableComputed(() => summarizeConflicts(allWithConflicts.value, at.value));
  const withAgents = sitesBy(() => shown.value, (s) => [s.agents]);
  const agents = stableComputed(() => countAgentsByState(withAgents.value.flatMap((s) => s.agents)));
  const agentsLoggedIn = computed(() => loggedIn(agents.value));
  const today = stableComputed(() => {
    const t = sumDayTotals(shown.value.map((s) => s.today));
    const in3Rings = kpi('answeredIn3Rings');
    const connect = kpi('connectAvg');
    return {
      offered: t.offered,
      answered: t.answered,
      abandoned: t.abandoned,
      in3RingsShare: in3Rings?.value ?? null,
      in3RingsLevel: levelWithValue(in3Rings),
      avgConnectMs: connect?.value == null ? null : connect.value * 1000,
      connectLevel: levelWithValue(connect),
      /** N2: the target the colour is judged against (a site's override included) */
      connectTargetMs: (connect?.target ?? shown.value[0]?.norms.connectTargetSeconds ?? NORM_DEFAULTS.connectTargetSeconds) * 1000,
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
    /** the shown sites' ids, the same array while they stay the same (the hourly chart reloads on a new one) */
    siteIds: stableComputed(() => shown.value.map((s) => s.site)),
    timeZone,
    totalWaiting: computed(() => queues.value.reduce((n, q) => n + q.waiting, 0)),
    queues,
    alarms,
    rings,
    ringsLevel,
    ringsToAnswer,
    callbacks,
    callbackWindow,
    appeals,
    lostCalls,
    conflicts,
    allConflicts,
    agents,
    agentsLoggedIn,
    today,
  };
}

export type WallFigures = ReturnType<typeof useWallFigures>;

const WALL_FIGURES: InjectionKey<WallFigures> = Symbol('wall figures');

/**
 * The wall hands its figures to its tiles and header by injection, not as props: each reads the
 * figures it shows, so an update that changes the queues re-renders the queue tile alone — as
 * props, every change re-rendered the whole wall and compared every tile's props (npm run bench -- tv).
 */
export function provideWallFigures(f: WallFigures): void {
  provide(WALL_FIGURES, f);
}

export function useShownFigures(): WallFigures {
  const f = inject(WALL_FIGURES);
  if (!f) throw new Error('a wall tile outside the wall: WallView provides its figures');
  return f;
}
