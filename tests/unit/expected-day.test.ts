/** The expected day from history (issue 16): known medians, weeks without data left out, pro rata, local times. */
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { bucketsOfDay, expectedByHour, expectedDay, expectedOffered, pastBucketsOf } from '../../server/domain/forecast/expected-day.js';
import { BUCKET_MS } from '../../shared/buckets.js';

const TZ = 'Asia/Sakhalin';
const dayStart = DateTime.fromISO('2026-11-18T00:00', { zone: TZ }).toMillis();
const { buckets, dayEnd } = bucketsOfDay(dayStart, TZ);
const DAY = { timeZone: TZ, dayStart, dayEnd, buckets };
const at = (hhmm: string) => DateTime.fromISO(`2026-11-18T${hhmm}`, { zone: TZ }).toMillis();
/** the 09:00 bucket's index */
const NINE = buckets.indexOf(at('09:00'));

/** one past week: `offered` per queue in the 09:00 bucket, or nothing at all (`null`: a day without data) */
function week(offered: Record<string, number> | null, elsewhere = false): Record<string, string>[] {
  return buckets.map((_, i) => {
    if (offered && i === NINE) return Object.fromEntries(Object.entries(offered).map(([q, n]) => [`q|${q}|offered`, String(n)]));
    // a week with data elsewhere in the day only: it had a feed, and 09:00 was a zero
    if (elsewhere && i === 0) return { 'q|billing|offered': '1' };
    return {};
  });
}

describe('expectedDay', () => {
  it('is the median of the same weekday and time over the weeks that had data', () => {
    const d = expectedDay(DAY, [week({ billing: 10, hotline: 4 }), week({ billing: 30 }), week({ billing: 12, hotline: 2 }), week(null), week(null)]);
    expect(d.weeksUsed).toBe(3);
    // billing 10, 30, 12 → 12; hotline 4, 0, 2 → 2 (a used week without the queue counts 0); site 14, 30, 14 → 14
    expect(d.byQueue.get('billing')![NINE]).toBe(12);
    expect(d.byQueue.get('hotline')![NINE]).toBe(2);
    expect(d.site[NINE]).toBe(14);
  });

  it('takes a week with data elsewhere in the day as a zero at 09:00, and a week with none at all not at all', () => {
    const withZero = expectedDay(DAY, [week({ billing: 10 }), week({ billing: 20 }), week(null, true)]);
    expect(withZero.weeksUsed).toBe(3);
    expect(withZero.byQueue.get('billing')![NINE]).toBe(10);
    const without = expectedDay(DAY, [week({ billing: 10 }), week({ billing: 20 }), week(null)]);
    expect(without.weeksUsed).toBe(2);
    expect(without.byQueue.get('billing')![NINE]).toBe(15);
  });

  it('without history expects nothing and says so', () => {
    const d = expectedDay(DAY, [week(null), week(null)]);
    expect(d.weeksUsed).toBe(0);
    expect(expectedOffered(d, undefined, dayStart, dayEnd)).toBe(0);
  });
});

describe('expectedOffered', () => {
  const d = expectedDay(DAY, [week({ billing: 12 })]);
  it('counts a bucket pro rata to the part of it inside the range', () => {
    expect(expectedOffered(d, 'billing', at('09:00'), at('09:15'))).toBe(12);
    expect(expectedOffered(d, 'billing', at('09:05'), at('09:10'))).toBeCloseTo(4, 10);
    expect(expectedOffered(d, 'billing', at('08:50'), at('09:05'))).toBeCloseTo(4, 10);
    expect(expectedOffered(d, 'billing', at('09:10'), at('12:00'))).toBeCloseTo(4, 10);
    expect(expectedOffered(d, 'hotline', at('09:00'), at('09:15'))).toBe(0);
    expect(expectedOffered(d, undefined, dayStart, dayEnd)).toBe(12);
    expect(expectedOffered(d, 'billing', at('09:10'), at('09:05'))).toBe(0);
  });

  it('by hour: 24 hours with the 09:00 one holding the 12 calls', () => {
    const h = expectedByHour(d, 'billing');
    expect(h).toHaveLength(24);
    expect(h[9]).toEqual({ start: at('09:00'), end: at('10:00'), expected: 12 });
  });
});

describe('past buckets', () => {
  it('are the same local wall time w weeks before, also across a clock change (Europe/Berlin, 29 March 2026)', () => {
    const zone = 'Europe/Berlin';
    const start = DateTime.fromISO('2026-04-01T00:00', { zone }).toMillis();
    const { buckets: b } = bucketsOfDay(start, zone);
    expect(b).toHaveLength(96);
    const past = pastBucketsOf(b, zone, 1);
    const nine = b.indexOf(DateTime.fromISO('2026-04-01T09:00', { zone }).toMillis());
    expect(DateTime.fromMillis(past[0]![nine]!, { zone }).toISO()).toBe('2026-03-25T09:00:00.000+01:00');
    // the day of the change has 23 hours: 92 buckets
    expect(bucketsOfDay(DateTime.fromISO('2026-03-29T00:00', { zone }).toMillis(), zone).buckets).toHaveLength(92);
    expect(b[1]! - b[0]!).toBe(BUCKET_MS);
  });
});
