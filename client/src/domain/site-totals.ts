/**
 * Sums what several sites show on one wall: today's totals and the queues (a queue of the
 * same name at two sites is shown once, with the callers of both).
 */
import type { DayTotals, QueueState, SiteState } from '@shared/snapshot.js';
import { sumTotals } from '@shared/day-totals.js';

export function sumDayTotals(list: readonly DayTotals[]): DayTotals {
  return sumTotals(list);
}

export interface QueueView {
  queue: string;
  waiting: number;
  ringing: number;
  /** when the longest-waiting caller of this queue (at any shown site) entered it */
  oldestSince: number | undefined;
  /** the queue of this name at each shown site, with its KPIs */
  sources: QueueState[];
}

export function mergeQueues(sites: readonly Pick<SiteState, 'queues'>[]): QueueView[] {
  const byName = new Map<string, QueueView>();
  for (const s of sites) {
    for (const q of s.queues as readonly QueueState[]) {
      const v = byName.get(q.queue) ?? { queue: q.queue, waiting: 0, ringing: 0, oldestSince: undefined, sources: [] };
      v.sources.push(q);
      v.waiting += q.waiting;
      v.ringing += q.ringing;
      if (q.oldestSince !== undefined && (v.oldestSince === undefined || q.oldestSince < v.oldestSince)) v.oldestSince = q.oldestSince;
      byName.set(q.queue, v);
    }
  }
  return [...byName.values()].sort((a, b) => a.queue.localeCompare(b.queue));
}

/** Age of the longest wait of a queue at `now`; undefined when nobody waits. */
export function longestWaitMs(q: { oldestSince?: number | undefined }, now: number): number | undefined {
  return q.oldestSince === undefined ? undefined : Math.max(0, now - q.oldestSince);
}
