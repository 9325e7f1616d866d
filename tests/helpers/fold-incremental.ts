/**
 * A feed folded event by event as the store folds it — each event re-derives its entity and the
 * difference lands in counters and live tables — with Redis replaced by maps, so a long simulated
 * day can be read at every minute without folding it all again each time.
 */
import type { ObzorEvent } from '../../shared/events.js';
import type { SiteState } from '../../shared/snapshot.js';
import { diffDerived, EMPTY_DERIVED, LIVE_TABLES, type Derived, type SnapshotTable } from '../../server/domain/derived.js';
import { deriveEntity, entityOf } from '../../server/domain/entities.js';
import { bucketsOfLocalDay } from '../../server/domain/local-day.js';
import { buildSiteState, type SiteRaw } from '../../server/domain/site-state.js';
import type { SiteConfig } from '../../server/domain/sites.js';

export class IncrementalFold {
  private readonly events = new Map<string, ObzorEvent[]>();
  private readonly derived = new Map<string, Derived>();
  private readonly counters = new Map<number, Record<string, string>>();
  private readonly live = Object.fromEntries(LIVE_TABLES.map((t) => [t, {}])) as Record<SnapshotTable, Record<string, string>>;

  constructor(private readonly site: SiteConfig) {}

  apply(e: ObzorEvent): void {
    const { kind, id } = entityOf(e);
    const k = `${kind}\u0000${id}`;
    const list = [...(this.events.get(k) ?? []), e];
    this.events.set(k, list);
    const after = deriveEntity(kind, list, this.site);
    const diff = diffDerived(this.derived.get(k) ?? EMPTY_DERIVED, after);
    this.derived.set(k, after);
    for (const c of diff.counters) {
      const h = this.counters.get(c.bucket) ?? {};
      const n = Number(h[c.field] ?? 0) + c.by;
      if (n === 0) delete h[c.field];
      else h[c.field] = String(n);
      this.counters.set(c.bucket, h);
    }
    // tables the state does not read (resolved conflicts) are kept too, like Redis keeps them
    for (const s of diff.liveSet) (this.live[s.table as SnapshotTable] ??= {})[s.field] = s.value;
    for (const d of diff.liveDel) delete this.live[d.table as SnapshotTable]?.[d.field];
  }

  stateAt(now: number, extra: Partial<Pick<SiteRaw, 'expected'>> = {}): SiteState {
    return buildSiteState(this.site, { seq: 0, live: this.live, todayCounters: bucketsOfLocalDay(now, this.site.timeZone).map((b) => this.counters.get(b) ?? {}), now, ...extra });
  }
}
