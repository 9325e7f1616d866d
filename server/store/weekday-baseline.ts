/**
 * The expected day of each site (server/domain/forecast/expected-day.ts) read from its past weeks'
 * counter buckets — N weeks × 96 buckets, one pipelined read — once per site and local day, then
 * kept: the state is built several times a second and a day's history does not change during it.
 * Kept until the site's local midnight (the next day is another key), or an hour at most (a
 * queue_log import may fill in the past meanwhile); at most two days per site are held, so memory
 * stays bounded by the number of sites. Concurrent readers of a day share one read.
 *
 * For the surge alarm and any other reader of "expected calls": `expectedOfferedBetween`.
 */
import { DEFAULT_HISTORY_WEEKS, bucketsOfDay, expectedDay, expectedOffered, pastBucketsOf, type ExpectedDay } from '../domain/forecast/expected-day.js';
import { localDayStart } from '../domain/local-day.js';
import type { Keys } from './keys.js';
import type { ObzorRedis } from './redis-client.js';
import { StoreUnavailableError } from './store-errors.js';
import { slotPipeline } from './slot-pipeline.js';

/** what a site needs here: its id and zone (a SiteConfig fits) */
export interface BaselineSite {
  id: string;
  timeZone: string;
}

const REFRESH_MS = 3_600_000;

interface Entry {
  key: string;
  readAt: number;
  day: Promise<ExpectedDay>;
}

export class WeekdayBaseline {
  /** per site: its latest day(s), newest last */
  private readonly held = new Map<string, Entry[]>();

  constructor(
    private readonly redis: ObzorRedis,
    private readonly keys: Keys,
    private readonly clock: () => number = Date.now,
    private readonly weeks: number = DEFAULT_HISTORY_WEEKS,
  ) {}

  /** The expected day of `site` containing `at` (default: now). */
  expectedDay(site: BaselineSite, at: number = this.clock()): Promise<ExpectedDay> {
    const dayStart = localDayStart(at, site.timeZone);
    const key = `${site.timeZone}|${dayStart}`;
    const now = this.clock();
    const list = this.held.get(site.id) ?? [];
    const hit = list.find((e) => e.key === key);
    if (hit && now - hit.readAt < REFRESH_MS) return hit.day;
    const entry: Entry = { key, readAt: now, day: this.read(site.timeZone, site.id, dayStart) };
    // a failed read is not kept: the next state build tries again
    entry.day.catch(() => {
      const l = this.held.get(site.id);
      if (l) this.held.set(site.id, l.filter((e) => e !== entry));
    });
    this.held.set(site.id, [...list.filter((e) => e.key !== key), entry].slice(-2));
    return entry.day;
  }

  /**
   * Expected calls offered to `queue` (the whole site when undefined) in [t1, t2), from the
   * median of the same weekday and local time of the past weeks, pro rata within a 15-minute
   * bucket. A range over local midnight sums both days. 0 without history (see `weeksUsed`
   * of `expectedDay` to tell "no history" from "a quiet time").
   */
  async expectedOfferedBetween(site: BaselineSite, queue: string | undefined, t1: number, t2: number): Promise<number> {
    let sum = 0;
    for (let from = t1; from < t2; ) {
      const day = await this.expectedDay(site, from);
      const to = Math.min(t2, day.dayEnd);
      sum += expectedOffered(day, queue, from, to);
      from = to;
    }
    return sum;
  }

  private async read(timeZone: string, siteId: string, dayStart: number): Promise<ExpectedDay> {
    const { buckets, dayEnd } = bucketsOfDay(dayStart, timeZone);
    const past = pastBucketsOf(buckets, timeZone, this.weeks);
    const pipe = slotPipeline(this.redis);
    for (const week of past) for (const b of week) pipe.hgetall(this.keys.counters(siteId, b));
    const replies = await pipe.exec().catch((e: Error) => {
      throw new StoreUnavailableError(e.message);
    });
    if (!replies) throw new StoreUnavailableError('pipeline aborted');
    const hashes: Record<string, string>[][] = [];
    let i = 0;
    for (const week of past) {
      const row: Record<string, string>[] = [];
      for (let j = 0; j < week.length; j++) {
        const [err, v] = replies[i++]!;
        if (err) throw new StoreUnavailableError(err.message);
        row.push(v as Record<string, string>);
      }
      hashes.push(row);
    }
    return expectedDay({ timeZone, dayStart, dayEnd, buckets }, hashes);
  }
}
