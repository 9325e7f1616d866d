/**
 * Issue 17, `group=site|queue` of the compliance report: the counters of each block beside the
 * whole — per site (that site alone, judged by its own norms and limits; with `queue=`, its view
 * of that queue) or per queue of the chosen sites (each queue's own view, as `queue=` reads it,
 * judged by the first site's norms as the whole is), the queues being those with calls in the period.
 */
import type { ReportGroup, ReportPeriod } from '../../shared/reports.js';
import { emptyTotals, type Totals } from '../domain/day-totals.js';
import { kpiSetting } from '../domain/kpi/kpi-formulas.js';
import type { ComplianceFigures } from '../domain/reports/compliance-report.js';
import type { SiteConfig } from '../domain/sites.js';
import type { HistoryReader } from '../store/history-reader.js';
import type { ReportStep } from '../../shared/reports.js';

export interface GroupScope {
  sites: string[];
  first: SiteConfig;
  site: (id: string) => SiteConfig;
  timeZone: string;
  bucketsFrom: number;
  queue?: string;
  step: ReportStep;
  period: ReportPeriod;
  /** the comparison periods, or null where their counters are not kept */
  previous: ReportPeriod | null;
  yearBefore: ReportPeriod | null;
}

type Reader = Pick<HistoryReader, 'readTotals' | 'totalsOf' | 'readByQueue' | 'queuesOf'>;
type Block = ComplianceFigures & { id: string };

const withCalls = (t: Totals | null | undefined) => (t && t.offered > 0 ? t : null);

async function bySite(reader: Reader, g: GroupScope): Promise<Block[]> {
  return Promise.all(
    g.sites.map(async (id) => {
      const scope = { sites: [id], timeZone: g.timeZone, bucketsFrom: g.bucketsFrom, ...(g.queue ? { queue: g.queue } : {}) };
      const [intervals, prev, year] = await Promise.all([
        reader.readTotals({ ...scope, ...g.period, step: g.step }),
        g.previous ? reader.totalsOf({ ...scope, ...g.previous }) : null,
        g.yearBefore ? reader.totalsOf({ ...scope, ...g.yearBefore }) : null,
      ]);
      const site = g.site(id);
      return { id, intervals, previous: withCalls(prev), yearBefore: withCalls(year), setting: (kpi) => kpiSetting(kpi, site.norms, site.thresholds) } satisfies Block;
    }),
  );
}

async function byQueue(reader: Reader, g: GroupScope): Promise<Block[]> {
  const scope = { sites: g.sites, timeZone: g.timeZone, bucketsFrom: g.bucketsFrom };
  const [intervals, prev, year] = await Promise.all([
    reader.readByQueue({ ...scope, ...g.period, step: g.step }),
    g.previous ? reader.queuesOf({ ...scope, ...g.previous }) : null,
    g.yearBefore ? reader.queuesOf({ ...scope, ...g.yearBefore }) : null,
  ]);
  const queues = [...new Set(intervals.flatMap((x) => [...x.byQueue].filter(([, t]) => t.offered > 0).map(([q]) => q)))].sort();
  return queues.map((id) => ({
    id,
    intervals: intervals.map((x) => ({ start: x.start, end: x.end, totals: x.byQueue.get(id) ?? emptyTotals() })),
    previous: withCalls(prev?.get(id)),
    yearBefore: withCalls(year?.get(id)),
    setting: (kpi) => kpiSetting(kpi, g.first.norms, g.first.thresholds),
  }));
}

export function readGroups(by: ReportGroup, reader: Reader, g: GroupScope): Promise<Block[]> {
  return by === 'site' ? bySite(reader, g) : byQueue(reader, g);
}
