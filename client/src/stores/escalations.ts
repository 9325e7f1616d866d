/**
 * The managers' console (N13): open conflicts from the live dashboard (sorted by urgency,
 * filtered by site), alerts on new and long-unacknowledged escalations, the selected
 * conflict's detail and timeline, the actions on it, and the resolved history. Fetches only
 * through the api module; components read this store and call its actions.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { ConflictActionName, ConflictDetail, ResolvedConflict } from '@shared/conflicts.js';
import { splitSiteKey } from '@shared/site-key.js';
import { isDisplayActor } from '@shared/roles.js';
import { ApiError, fetchConflictDetail, fetchManagers, fetchResolvedConflicts, newIdempotencyKey, postConflictAction, type ConflictActionBody } from '../api/obzor-api.js';
import { failureOf } from '../domain/action-errors.js';
import { byUrgency, escalatedKeys, newlyEscalated, openConflicts, overdueStage, type OpenConflict } from '../domain/escalations.js';
import { useDashboardStore } from './dashboard.js';
import { useConnectionStore } from './connection.js';

export type AlertKind = 'new' | 'overdue';

export interface EscalationAlert {
  key: string;
  kind: AlertKind;
  /** client time the alert was raised */
  at: number;
}

/** a refused or failed request: the HTTP status (0: no answer) and the server's own words */
export interface ActionError {
  status: number;
  message: string;
}

/** how many alerts the banner keeps */
const MAX_ALERTS = 5;

export const useEscalationsStore = defineStore('escalations', () => {
  const dashboard = useDashboardStore();
  const conn = useConnectionStore();

  /** '' = every site */
  const siteFilter = ref('');
  const selectedKey = ref<string | null>(null);
  const detail = shallowRef<ConflictDetail | null>(null);
  const detailLoading = ref(false);
  const detailError = shallowRef<ActionError | null>(null);
  const busy = ref<ConflictActionName | null>(null);
  const actionError = shallowRef<ActionError | null>(null);
  /** the last action that went through, for a short confirmation */
  const actionDone = ref<ConflictActionName | null>(null);
  const resolved = shallowRef<ResolvedConflict[]>([]);
  const resolvedError = shallowRef<ActionError | null>(null);
  const resolvedLoaded = ref(false);
  const alerts = shallowRef<EscalationAlert[]>([]);
  /** grows by one per alert: the sound plays on each change */
  const alertSeq = ref(0);
  /** keys flashing because they just arrived (cleared after a few seconds) */
  const flashing = shallowRef<ReadonlySet<string>>(new Set());

  const all = computed(() => byUrgency(openConflicts(dashboard.sites)));
  const open = computed(() => (siteFilter.value ? all.value.filter((c) => c.site === siteFilter.value) : all.value));
  const selected = computed<OpenConflict | undefined>(() => all.value.find((c) => c.key === selectedKey.value));
  const resolvedShown = computed(() => (siteFilter.value ? resolved.value.filter((c) => c.site === siteFilter.value) : resolved.value));
  const shownSites = computed(() => (siteFilter.value ? dashboard.sites.filter((s) => s.site === siteFilter.value) : dashboard.sites));

  // ---------- alerts ----------
  let knownEscalated: Set<string> | null = null;
  const stages = new Map<string, number>();

  function raise(key: string, kind: AlertKind): void {
    alerts.value = [{ key, kind, at: Date.now() }, ...alerts.value.filter((a) => a.key !== key)].slice(0, MAX_ALERTS);
    alertSeq.value++;
  }

  function flash(keys: readonly string[]): void {
    if (!keys.length) return;
    flashing.value = new Set([...flashing.value, ...keys]);
    setTimeout(() => {
      const next = new Set(flashing.value);
      for (const k of keys) next.delete(k);
      flashing.value = next;
    }, 6000);
  }

  watch(
    all,
    (list) => {
      if (!dashboard.loaded) return;
      if (knownEscalated === null) {
        // what is open when the console opens is not news
        knownEscalated = escalatedKeys(list);
        return;
      }
      const fresh = newlyEscalated(knownEscalated, list).filter((c) => c.acknowledgedAt === undefined);
      const now = conn.serverNow();
      for (const c of fresh) {
        // one that arrives already past the deadline is overdue news, not just new
        const stage = overdueStage(c, now);
        if (stage > 0 && (stages.get(c.key) ?? 0) >= stage) continue; // the overdue check was first
        stages.set(c.key, stage);
        raise(c.key, stage > 0 ? 'overdue' : 'new');
      }
      flash(fresh.map((c) => c.key));
      const gone = [...knownEscalated].filter((k) => !list.some((c) => c.key === k));
      knownEscalated = escalatedKeys(list);
      // acknowledged or resolved: its alert is done
      alerts.value = alerts.value.filter((a) => list.some((c) => c.key === a.key && c.acknowledgedAt === undefined));
      if (gone.length) void loadResolved();
    },
    { immediate: true },
  );

  /**
   * Called every second: an escalation unacknowledged for 5, 10, 15 … minutes alerts again
   * (one already past the deadline when first seen alerts at once).
   */
  function checkOverdue(now: number): void {
    if (!dashboard.loaded) return;
    for (const c of all.value) {
      const stage = overdueStage(c, now);
      if (stage > (stages.get(c.key) ?? 0)) raise(c.key, 'overdue');
      stages.set(c.key, stage);
    }
    for (const k of [...stages.keys()]) if (!all.value.some((c) => c.key === k)) stages.delete(k);
  }

  function dismissAlert(key: string): void {
    alerts.value = alerts.value.filter((a) => a.key !== key);
  }

  // ---------- detail and actions ----------
  let detailRequest = 0;

  async function loadDetail(): Promise<void> {
    const key = selectedKey.value;
    if (!key) return;
    const { site, id } = splitSiteKey(key);
    const mine = ++detailRequest;
    detailLoading.value = true;
    try {
      const d = await fetchConflictDetail(site, id);
      if (mine === detailRequest) {
        detail.value = d;
        detailError.value = null;
      }
    } catch (e) {
      if (mine === detailRequest) detailError.value = failureOf(e);
    } finally {
      if (mine === detailRequest) detailLoading.value = false;
    }
  }

  function select(key: string | null): void {
    if (key === selectedKey.value) return;
    selectedKey.value = key;
    detail.value = null;
    detailError.value = null;
    actionError.value = null;
    actionDone.value = null;
    if (key) {
      dismissAlert(key);
      void loadDetail();
    }
  }

  // someone (here or elsewhere) changed the selected conflict: read its timeline again
  watch(
    () => {
      const c = selected.value;
      return { key: selectedKey.value, state: c ? `${c.escalatedAt}|${c.acknowledgedAt}|${c.owner}|${c.updatedAt}` : 'closed' };
    },
    (now, before) => {
      if (now.key && now.key === before?.key && now.state !== before.state) void loadDetail();
    },
  );

  async function act(action: ConflictActionName, body: ConflictActionBody = {}): Promise<boolean> {
    const key = selectedKey.value;
    if (!key || busy.value) return false;
    const { site, id } = splitSiteKey(key);
    busy.value = action;
    actionError.value = null;
    actionDone.value = null;
    try {
      // one key per click: a retry of this very request is recognised, a second click is a new action
      const res = await postConflictAction(site, id, action, body, newIdempotencyKey());
      if (res.conflict && selectedKey.value === key) detail.value = res.conflict;
      actionDone.value = action;
      if (action === 'resolve') void loadResolved();
      return true;
    } catch (e) {
      actionError.value = failureOf(e);
      // the conflict changed under us (409): show what it is now
      if (e instanceof ApiError && e.status === 409) void loadDetail();
      return false;
    } finally {
      busy.value = null;
    }
  }

  // ---------- who an escalation may be reassigned to ----------
  /** the managers of the selected escalation's site, as the server lists them ([] until known) */
  const siteManagers = shallowRef<string[]>([]);
  const selectedSite = computed(() => (selectedKey.value ? splitSiteKey(selectedKey.value).site : ''));
  watch(
    selectedSite,
    async (site) => {
      siteManagers.value = [];
      if (!site) return;
      try {
        const list = await fetchManagers(site);
        if (selectedSite.value === site) siteManagers.value = list.managers.map((m) => m.login);
      } catch {
        // offline or refused: the logins seen acting on conflicts still help (reassignable)
      }
    },
    { immediate: true },
  );

  /** logins to offer for "reassign": the site's managers, else `me` and every manager seen acting on conflicts */
  function reassignable(me: string | undefined): string[] {
    if (siteManagers.value.length) return siteManagers.value;
    const names = new Set<string>();
    if (me) names.add(me);
    for (const c of all.value) if (c.owner) names.add(c.owner);
    for (const r of resolved.value) for (const n of [r.acknowledgedBy, r.resolvedBy]) if (n) names.add(n);
    for (const e of detail.value?.timeline ?? []) {
      if (e.type !== 'conflict.raised' && e.actor) names.add(e.actor);
      if (e.to) names.add(e.to);
    }
    return [...names].filter((n) => !isDisplayActor(n)).sort();
  }

  // ---------- resolved history ----------
  async function loadResolved(): Promise<void> {
    try {
      resolved.value = (await fetchResolvedConflicts([])).conflicts;
      resolvedError.value = null;
    } catch (e) {
      resolvedError.value = failureOf(e);
    } finally {
      resolvedLoaded.value = true;
    }
  }

  return {
    siteFilter,
    selectedKey,
    selected,
    detail,
    detailLoading,
    detailError,
    busy,
    actionError,
    actionDone,
    resolved,
    resolvedShown,
    resolvedError,
    resolvedLoaded,
    alerts,
    alertSeq,
    flashing,
    all,
    open,
    shownSites,
    siteManagers,
    reassignable,
    checkOverdue,
    dismissAlert,
    select,
    loadDetail,
    act,
    loadResolved,
  };
});
