/** A script folded as the store folds it, with Redis replaced by a map: the state of a site at any `now`. */
import type { ObzorEvent } from '../../shared/events.js';
import type { SiteState } from '../../shared/snapshot.js';
import type { SnapshotTable } from '../../server/domain/derived.js';
import { deriveEntity, entityOf } from '../../server/domain/entities.js';
import { bucketsOfLocalDay } from '../../server/domain/local-day.js';
import { buildSiteState } from '../../server/domain/site-state.js';
import type { SiteConfig } from '../../server/domain/sites.js';

/** Folds a script entity by entity, like the store does, into counters and live tables in memory. */
export function foldInMemory(site: SiteConfig, events: readonly ObzorEvent[]): (now: number) => SiteState {
  const groups = new Map<string, ObzorEvent[]>();
  for (const e of events) {
    const { kind, id } = entityOf(e);
    const k = `${kind}\u0000${id}`;
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  const counters = new Map<number, Record<string, string>>();
  const live: Record<SnapshotTable, Record<string, string>> = { calls: {}, agents: {}, callbacks: {}, appeals: {}, conflicts: {}, lostCalls: {}, callers: {} };
  for (const [k, list] of groups) {
    const kind = k.split('\u0000')[0] as Parameters<typeof deriveEntity>[0];
    const d = deriveEntity(kind, list, site);
    for (const [key, by] of Object.entries(d.counters)) {
      const i = key.indexOf('|');
      const bucket = Number(key.slice(0, i));
      const h = counters.get(bucket) ?? {};
      h[key.slice(i + 1)] = String(Number(h[key.slice(i + 1)] ?? 0) + by);
      counters.set(bucket, h);
    }
    for (const [key, value] of Object.entries(d.live)) {
      const i = key.indexOf('|');
      live[key.slice(0, i) as SnapshotTable][key.slice(i + 1)] = value;
    }
  }
  return (now) => buildSiteState(site, { seq: 0, live, todayCounters: bucketsOfLocalDay(now, site.timeZone).map((b) => counters.get(b) ?? {}), now });
}
