/**
 * Issue 17, item 6: the centre's own figures as Prometheus gauges, so a Grafana can chart and alert
 * on them — per site and queue: callers waiting, the longest wait, rings past the N1 limit, the
 * last complete 15 minutes' service level and ASA, the surge ratio; per site: callbacks open,
 * escalations open and unaccepted, incidents open. Read from the same state the screens get, once
 * per scrape (every gauge's collect shares one read). Labels are bounded: the sites of the
 * configuration, and at most QUEUES_PER_SITE queues of each (the busiest; the rest summed as "other").
 */
import { Gauge, type Registry } from 'prom-client';
import type { SiteState } from '../../shared/snapshot.js';
import { BUCKET_MS, bucketOf } from '../../shared/buckets.js';
import { callRates } from '../domain/kpi/kpi-formulas.js';
import type { Totals } from '../domain/day-totals.js';
import type { HistoryReader } from '../store/history-reader.js';
import type { StateReader } from '../store/state-reader.js';

export const QUEUES_PER_SITE = 30;
const OTHER = 'other';

interface Read {
  states: SiteState[];
  /** each site's named queues, the busiest first (the same for every gauge of a scrape) */
  top: Map<string, string[]>;
  /** the last complete 15-minute interval's totals, per site and queue */
  lastInterval: Map<string, Map<string, Totals>>;
}

export function registerBusinessMetrics(registry: Registry, deps: { reader: Pick<StateReader, 'sitesState'>; history: Pick<HistoryReader, 'queueTotals'>; clock: () => number }): void {
  let pending: Promise<Read> | undefined;
  let readAt = 0;
  /** one read per scrape: the gauges collect one after another within a few ms */
  const read = (): Promise<Read> => {
    const now = deps.clock();
    if (!pending || now - readAt > 1000) {
      readAt = now;
      pending = (async () => {
        const { states } = await deps.reader.sitesState();
        const end = bucketOf(now);
        const lastInterval = new Map<string, Map<string, Totals>>();
        for (const s of states) lastInterval.set(s.site, await deps.history.queueTotals({ sites: [s.site], from: end - BUCKET_MS, to: end, timeZone: s.timeZone }));
        return { states, lastInterval, top: new Map(states.map((s) => [s.site, topQueues(s)])) };
      })();
      pending.catch(() => (pending = undefined));
    }
    return pending;
  };

  /** `other`: what the queues past the named ones add up to (a sum only makes sense for counts) */
  const queueGauge = (name: string, help: string, value: (s: SiteState, queue: string, r: Read) => number | null, other?: (rest: SiteState['queues']) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['site', 'queue'] as const,
      registers: [registry],
      async collect() {
        const r = await read();
        this.reset();
        for (const s of r.states) {
          const top = r.top.get(s.site) ?? [];
          for (const q of top) {
            const v = value(s, q, r);
            if (v !== null) this.set({ site: s.site, queue: q }, v);
          }
          const rest = s.queues.filter((q) => !top.includes(q.queue));
          if (rest.length && other) this.set({ site: s.site, queue: OTHER }, other(rest));
        }
      },
    });
  const siteGauge = (name: string, help: string, value: (s: SiteState) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['site'] as const,
      registers: [registry],
      async collect() {
        const r = await read();
        this.reset();
        for (const s of r.states) this.set({ site: s.site }, value(s));
      },
    });

  const queueOf = (s: SiteState, q: string) => s.queues.find((x) => x.queue === q);
  const rates = (r: Read, s: SiteState, q: string) => {
    const t = r.lastInterval.get(s.site)?.get(q);
    return t ? callRates(t) : null;
  };
  queueGauge('obzor_queue_waiting_calls', 'Callers waiting in the queue now (not yet ringing an operator)', (s, q) => queueOf(s, q)?.waiting ?? 0, (rest) => rest.reduce((n, q) => n + q.waiting, 0));
  queueGauge('obzor_queue_ringing_calls', 'Calls ringing an operator now', (s, q) => queueOf(s, q)?.ringing ?? 0);
  queueGauge('obzor_queue_longest_wait_seconds', 'How long the longest-waiting caller of the queue has waited', (s, q) => {
    const since = queueOf(s, q)?.oldestSince;
    return since === undefined ? 0 : Math.max(0, (deps.clock() - since) / 1000);
  });
  queueGauge('obzor_queue_ringing_past_limit', 'N1: calls ringing past the ring limit now', (s, q) => s.ringingPast3.filter((x) => x.queue === q).length);
  queueGauge('obzor_queue_service_level_ratio', 'Answered within the service-level time, the last complete 15 minutes (0…1)', (s, q, r) => rates(r, s, q)?.serviceLevel ?? null);
  queueGauge('obzor_queue_answered_in_ring_limit_ratio', 'N1: answered within the ring limit, the last complete 15 minutes (0…1)', (s, q, r) => rates(r, s, q)?.answeredIn3RingsShare ?? null);
  queueGauge('obzor_queue_asa_seconds', 'Average speed of answer, the last complete 15 minutes', (s, q, r) => rates(r, s, q)?.asaSeconds ?? null);
  queueGauge('obzor_queue_surge_ratio', 'Issue 16: calls of the surge window ÷ the expected', (s, q) => queueOf(s, q)?.surge?.ratio ?? null);
  queueGauge('obzor_queue_staff_short', 'Issue 16: operators the next 15 minutes need beyond those answering', (s, q) => queueOf(s, q)?.foresight?.short ?? null);
  siteGauge('obzor_site_callbacks_open', 'N4: promised callbacks not yet made', (s) => s.callbacks.length);
  siteGauge('obzor_site_escalations_open', 'N13: conflicts open', (s) => s.conflicts.length);
  siteGauge('obzor_site_escalations_unaccepted', 'N13: escalations no manager has accepted', (s) => s.conflicts.filter((c) => c.escalatedAt !== undefined && c.acknowledgedAt === undefined).length);
  siteGauge('obzor_site_incidents_open', 'Issue 16: incidents open (a surge, an outage)', (s) => s.incidents?.length ?? 0);
}

/** the queues a site's metrics name: the busiest today first, at most QUEUES_PER_SITE */
function topQueues(s: SiteState): string[] {
  return [...s.queues]
    .sort((a, b) => b.today.offered - a.today.offered || b.waiting - a.waiting || a.queue.localeCompare(b.queue))
    .slice(0, QUEUES_PER_SITE)
    .map((q) => q.queue);
}
