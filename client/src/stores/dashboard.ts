/**
 * The dashboard state: the latest full state of every shown site, as received from the
 * server. Fed only by `useLiveFeed`; components read it (the wall sums the sites it shows:
 * useWallFigures).
 *
 * Every update carries a site's FULL state, and Socket.IO delivers in order, so the newest
 * update is always applied; a sequence gap is reported ('gap') so the feed re-syncs as the
 * contract demands.
 */
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { Kpis } from '@shared/kpi.js';
import type { Snapshot, SiteState } from '@shared/snapshot.js';
import type { SiteUpdate } from '@shared/socket.js';
import { checkSeq } from '../domain/update-sequence.js';

export type UpdateResult = 'applied' | 'gap';

export interface ApplySnapshotOptions {
  /**
   * Keep a site's current state when it is newer (higher seq) than the snapshot's — used for
   * re-sync snapshots, which may have been read before updates that already arrived.
   * Without it the snapshot replaces everything (on (re)connect).
   */
  keepNewer?: boolean;
}

const isDefined = <T>(v: T | undefined): v is T => v !== undefined;

export const useDashboardStore = defineStore('dashboard', () => {
  const sitesById = shallowRef<Readonly<Record<string, SiteState>>>({});
  const siteOrder = shallowRef<readonly string[]>([]);
  /** server time of the data last applied */
  const serverTime = shallowRef<number | null>(null);
  const loaded = shallowRef(false);
  /** the centre's KPIs of the last snapshot: their limits judge several sites shown together (domain/sites-kpi.ts) */
  const centreKpis = shallowRef<Kpis | null>(null);
  /** last applied sequence number per site (not reactive: bookkeeping only) */
  const lastSeq = new Map<string, number>();

  const sites = computed<SiteState[]>(() => siteOrder.value.map((id) => sitesById.value[id]).filter(isDefined));

  function seqOf(site: string): number | undefined {
    return lastSeq.get(site);
  }

  function applySnapshot(snapshot: Snapshot, opts: ApplySnapshotOptions = {}): void {
    const next: Record<string, SiteState> = {};
    for (const s of snapshot.sites) {
      const current = sitesById.value[s.site];
      const mine = lastSeq.get(s.site);
      if (opts.keepNewer && current && mine !== undefined && mine > s.seq) {
        next[s.site] = current;
      } else {
        next[s.site] = s;
        lastSeq.set(s.site, s.seq);
      }
    }
    // a site the server could not build now: keep what we have of it (the screen marks it stale)
    const kept = (snapshot.unavailableSites ?? []).filter((id) => !(id in next) && sitesById.value[id]);
    for (const id of kept) next[id] = sitesById.value[id]!;
    for (const id of [...lastSeq.keys()]) if (!(id in next)) lastSeq.delete(id);
    sitesById.value = next;
    const order = [...snapshot.sites.map((s) => s.site), ...kept];
    if (kept.length) {
      const was = (id: string) => (siteOrder.value.includes(id) ? siteOrder.value.indexOf(id) : Infinity);
      order.sort((a, b) => was(a) - was(b));
    }
    siteOrder.value = order;
    serverTime.value = Math.max(serverTime.value ?? 0, snapshot.serverTime);
    if (snapshot.kpis) centreKpis.value = snapshot.kpis;
    loaded.value = true;
  }

  function applyUpdate(update: SiteUpdate): UpdateResult {
    const result = checkSeq(lastSeq.get(update.site), update.seq) === 'next' ? 'applied' : 'gap';
    lastSeq.set(update.site, update.seq);
    sitesById.value = { ...sitesById.value, [update.site]: update.state };
    if (!siteOrder.value.includes(update.site)) siteOrder.value = [...siteOrder.value, update.site];
    serverTime.value = Math.max(serverTime.value ?? 0, update.serverTime);
    return result;
  }

  function reset(): void {
    lastSeq.clear();
    sitesById.value = {};
    siteOrder.value = [];
    serverTime.value = null;
    centreKpis.value = null;
    loaded.value = false;
  }

  return {
    sitesById,
    siteOrder,
    serverTime,
    loaded,
    centreKpis,
    sites,
    seqOf,
    applySnapshot,
    applyUpdate,
    reset,
  };
});
