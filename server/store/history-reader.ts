/**
 * Reads the 15-min counter buckets of a time range (kept OBZOR_COUNTER_DAYS, default 400)
 * and turns them into history intervals: the counts and the rates charts draw. Pipelined in
 * chunks, so a year of one site is a few dozen round trips.
 */
import { HISTORY_COUNTERS, type HistoryCounter } from '../../shared/counters.js';
import type { HistoryInterval } from '../../shared/kpi.js';
import { readsRollups, type ReportStep } from '../../shared/reports.js';
import { emptyTotals, sumCounters, type SplitTotals, type Totals } from '../domain/day-totals.js';
import { sumTotals } from '../../shared/day-totals.js';
import { planIntervals } from '../domain/kpi/history-intervals.js';
import { callRates } from '../domain/kpi/kpi-formulas.js';
import { StoreUnavailableError } from './event-store.js';
import type { Keys } from './keys.js';
import { localDateOf, localDayStart } from '../domain/local-day.js';
import type { ObzorRedis } from './redis-client.js';
import { slotPipeline } from './slot-pipeline.js';

const CHUNK = 2000;

export interface HistoryQuery {
  sites: readonly string[];
  from: number;
  to: number;
  step: ReportStep;
  /** zone of the local hours/days/weeks/months of the steps but `15m` */
  timeZone: string;
  /** one queue only; default: every queue of the sites */
  queue?: string;
  /** the oldest moment the 15-minute buckets may still hold (now − their retention): a day before it without a roll-up is empty, not read bucket by bucket */
  bucketsFrom?: number;
}

/** The interval's counts are the counter table's `history` counters (shared/counters.ts), its rates the KPIs' formulas. */
export function intervalOf(start: number, end: number, t: Totals): HistoryInterval {
  const counts = Object.fromEntries(HISTORY_COUNTERS.map((c) => [c, t[c]])) as Record<HistoryCounter, number>;
  return { start, end, ...counts, ...callRates(t) };
}

/** [from, to) runs from a local midnight to a local midnight: it is read by days (their roll-ups) */
export const isWholeDays = (from: number, to: number, timeZone: string) => localDayStart(from, timeZone) === from && localDayStart(to, timeZone) === to;

/** the site's totals, or one queue's */
const scopeOf = (t: ReturnType<typeof sumCounters>, queue: string | undefined): Totals => (queue === undefined ? t.site : (t.byQueue.get(queue) ?? emptyTotals()));

export class HistoryReader {
  constructor(
    private readonly redis: ObzorRedis,
    private readonly keys: Keys,
  ) {}

  async read(q: HistoryQuery): Promise<HistoryInterval[]> {
    return (await this.readTotals(q)).map((x) => intervalOf(x.start, x.end, x.totals));
  }

  /** the intervals' raw totals (reports compute every KPI from them, sums included) */
  async readTotals(q: HistoryQuery): Promise<{ start: number; end: number; totals: Totals }[]> {
    return (await this.readSplits(q)).map((x) => ({ start: x.start, end: x.end, totals: scopeOf(x.split, q.queue) }));
  }

  /** issue 17, a report by queue: each interval's totals of every queue (one read for all) */
  async readByQueue(q: Omit<HistoryQuery, 'queue'>): Promise<{ start: number; end: number; byQueue: Map<string, Totals> }[]> {
    return (await this.readSplits(q)).map((x) => ({ start: x.start, end: x.end, byQueue: x.split.byQueue }));
  }

  /** one range's totals of every queue — whole local days from their roll-ups, else the buckets (a report's comparisons by queue) */
  async queuesOf(q: Omit<HistoryQuery, 'step' | 'queue'>): Promise<Map<string, Totals>> {
    const parts = await this.readSplits({ ...q, step: isWholeDays(q.from, q.to, q.timeZone) ? '1d' : '15m' }, true);
    return parts[0]?.split.byQueue ?? new Map<string, Totals>();
  }

  /**
   * Issue 17, the operator report: one range's counters of each operator, summed — whole local days
   * from their roll-ups, any other range from its 15-minute buckets (as `totalsOf`). Per operator
   * there is no queue: `queue` is not read.
   */
  async agentTotalsOf(q: Omit<HistoryQuery, 'step' | 'queue'>): Promise<Pick<SplitTotals, 'byAgent' | 'byAgentKey'>> {
    const parts = await this.readSplits({ ...q, step: isWholeDays(q.from, q.to, q.timeZone) ? '1d' : '15m' }, true);
    return parts.length === 1 ? parts[0]!.split : sumCounters([]);
  }

  /** the intervals' counters, summed per interval; `whole`: one sum for the whole range */
  private async readSplits(q: HistoryQuery, whole = false): Promise<{ start: number; end: number; split: SplitTotals }[]> {
    const plan = planIntervals(q.from, q.to, q.step, q.timeZone);
    const perInterval = readsRollups(q.step) ? await this.readWeeksOrDays(q, plan) : await this.readBuckets(q, plan);
    if (whole) return plan.length ? [{ start: plan[0]!.start, end: plan.at(-1)!.end, split: sumCounters(perInterval.flat()) }] : [];
    return plan.map((p, i) => ({ start: p.start, end: p.end, split: sumCounters(perInterval[i]!) }));
  }

  /** each interval's 15-minute bucket hashes, of every site */
  private async readBuckets(q: HistoryQuery, plan: ReturnType<typeof planIntervals>): Promise<Record<string, string>[][]> {
    const keys: string[] = [];
    for (const p of plan) for (const site of q.sites) for (const b of p.buckets) keys.push(this.keys.counters(site, b));
    const hashes = await this.hgetallMany(keys);
    let i = 0;
    return plan.map((p) => {
      const n = p.buckets.length * q.sites.length;
      i += n;
      return hashes.slice(i - n, i);
    });
  }

  /** days as they are; a week's or month's hashes are its days' (one roll-up a day) */
  private async readWeeksOrDays(q: HistoryQuery, plan: ReturnType<typeof planIntervals>): Promise<Record<string, string>[][]> {
    if (q.step === '1d') return this.readDays(q, plan);
    const days = planIntervals(q.from, q.to, '1d', q.timeZone);
    const perDay = await this.readDays(q, days);
    return plan.map((p) => perDay.filter((_d, i) => days[i]!.start >= p.start && days[i]!.start < p.end).flat());
  }

  /**
   * Local days from their roll-ups (issue 17: one hash a day, kept for years), a day without one
   * (before roll-ups existed, or not backfilled) from its 15-minute buckets while they are kept.
   */
  private async readDays(q: Omit<HistoryQuery, 'step'>, plan: ReturnType<typeof planIntervals>): Promise<Record<string, string>[][]> {
    const dayKeys: string[] = [];
    for (const p of plan) for (const site of q.sites) dayKeys.push(this.keys.daily(site, localDateOf(p.start, q.timeZone)));
    const days = await this.hgetallMany(dayKeys);
    const missing: { at: number; buckets: string[] }[] = [];
    plan.forEach((p, i) =>
      q.sites.forEach((site, j) => {
        const at = i * q.sites.length + j;
        if (Object.keys(days[at]!).length === 0 && p.end > (q.bucketsFrom ?? -Infinity)) missing.push({ at, buckets: p.buckets.map((b) => this.keys.counters(site, b)) });
      }),
    );
    const bucketHashes = await this.hgetallMany(missing.flatMap((m) => m.buckets));
    let k = 0;
    const perDay: Record<string, string>[][] = days.map((d) => [d]);
    for (const m of missing) {
      perDay[m.at] = bucketHashes.slice(k, k + m.buckets.length);
      k += m.buckets.length;
    }
    return plan.map((_p, i) => perDay.slice(i * q.sites.length, (i + 1) * q.sites.length).flat());
  }

  /**
   * Whole local days' counters of the sites summed, with their breakdowns by key and operator (the
   * appeals report's `channel:clientType`), from the days' roll-ups — the only place the report's
   * `rollupOnly` counters are kept (a day without a roll-up from its buckets, which lack them).
   */
  async splitOf(q: Omit<HistoryQuery, 'step' | 'queue'>): Promise<SplitTotals> {
    if (!isWholeDays(q.from, q.to, q.timeZone)) throw new Error('splitOf reads whole local days');
    return sumCounters((await this.readDays(q, planIntervals(q.from, q.to, '1d', q.timeZone))).flat());
  }

  /** one range's totals of each queue (the metrics' last 15 minutes: one read for all queues of a site) */
  async queueTotals(q: Omit<HistoryQuery, 'step' | 'queue'>): Promise<Map<string, Totals>> {
    const keys: string[] = [];
    for (const p of planIntervals(q.from, q.to, '15m', q.timeZone)) for (const site of q.sites) for (const b of p.buckets) keys.push(this.keys.counters(site, b));
    return sumCounters(await this.hgetallMany(keys)).byQueue;
  }

  /** one range's totals, summed bucket by bucket (the comparisons of a report) */
  async totalsOf(q: Omit<HistoryQuery, 'step'>): Promise<Totals> {
    // whole local days read their roll-ups; any other range its 15-minute buckets
    return sumTotals((await this.readTotals({ ...q, step: isWholeDays(q.from, q.to, q.timeZone) ? '1d' : '15m' })).map((p) => p.totals));
  }

  private async hgetallMany(keys: readonly string[]): Promise<Record<string, string>[]> {
    const out: Record<string, string>[] = [];
    for (let i = 0; i < keys.length; i += CHUNK) {
      const pipe = slotPipeline(this.redis);
      for (const k of keys.slice(i, i + CHUNK)) pipe.hgetall(k);
      const replies = await pipe.exec().catch((e: Error) => {
        throw new StoreUnavailableError(e.message);
      });
      if (!replies) throw new StoreUnavailableError('pipeline aborted');
      for (const [err, v] of replies) {
        if (err) throw new StoreUnavailableError(err.message);
        out.push(v as Record<string, string>);
      }
    }
    return out;
  }
}
