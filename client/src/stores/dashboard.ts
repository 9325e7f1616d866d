/**
 * The dashboard state: the latest full state of every shown site, as received from the
 * server. Fed only by `useLiveFeed`; components read it (the wall sums the sites it shows:
 * useWallFigures).
 *
 * An update carries either a site's whole state (always applied: Socket.IO delivers in order,
 * so it is the newest) or what changed since the update before it (shared/site-patch.ts), applied
 * only on top of exactly that one. A sequence gap is reported ('gap') so the feed re-syncs as the
 * contract demands; patches that arrive meanwhile wait, and those that follow the re-sync's
 * snapshot are applied after it (under traffic, updates keep coming while a snapshot is read).
 */
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { Kpis } from '@shared/kpi.js';
import type { Snapshot, SiteState } from '@shared/snapshot.js';
import type { PatchUpdate, SiteUpdate } from '@shared/socket.js';
import { applyObject } from '@shared/site-patch.js';
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

/** patches kept per site while its re-sync runs */
const MAX_WAITING_PATCHES = 64;

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
  /** patches that came while this site's base was missing (a gap): kept for the snapshot that ends it */
  const waiting = new Map<string, PatchUpdate[]>();

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
    catchUp();
  }

  /** The waiting patches that now follow on: applied in order; older ones dropped. */
  function catchUp(): void {
    for (const [site, list] of waiting) {
      waiting.delete(site);
      for (const u of list.sort((a, b) => a.seq - b.seq)) {
        const last = lastSeq.get(site);
        if (last === undefined || u.seq <= last) continue;
        if (applyUpdate(u) === 'gap') break;
      }
    }
  }

  function keepForLater(u: PatchUpdate): void {
    const list = waiting.get(u.site) ?? [];
    list.push(u);
    // a re-sync takes a moment; more than this means it is not coming soon: the oldest go
    if (list.length > MAX_WAITING_PATCHES) list.shift();
    waiting.set(u.site, list);
  }

  function applyUpdate(update: SiteUpdate): UpdateResult {
    const result = checkSeq(lastSeq.get(update.site), update.seq) === 'next' ? 'applied' : 'gap';
    const base = sitesById.value[update.site];
    if (update.patch && (result === 'gap' || !base)) {
      keepForLater(update);
      return 'gap';
    }
    let state: SiteState;
    try {
      state = update.patch ? applyObject(base!, update.patch) : update.state;
    } catch {
      // not a patch this client can read (a half-deployed server?): the re-sync brings the whole state
      return 'gap';
    }
    lastSeq.set(update.site, update.seq);
    sitesById.value = { ...sitesById.value, [update.site]: state };
    if (!siteOrder.value.includes(update.site)) siteOrder.value = [...siteOrder.value, update.site];
    serverTime.value = Math.max(serverTime.value ?? 0, update.serverTime);
    // a whole state may be the base that patches kept from before it need
    if (!update.patch && waiting.has(update.site)) catchUp();
    return result;
  }

  function reset(): void {
    lastSeq.clear();
    waiting.clear();
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
