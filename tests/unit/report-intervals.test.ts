/**
 * Issue 17: weeks (Monday–Sunday) and calendar months of a site's zone, as the compliance report
 * plans them — clipped to the period's days, of the right length across DST changes, months of
 * 28–31 days and a year boundary; each lists the 15-minute buckets it holds.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { intervalCount, planIntervals } from '../../server/domain/kpi/history-intervals.js';

const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toMillis();
const local = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
const plan = (from: string, to: string, step: '1w' | '1mo', zone: string) =>
  planIntervals(at(from, zone), at(to, zone), step, zone).map((p) => ({ from: local(p.start, zone), to: local(p.end, zone), hours: (p.end - p.start) / 3_600_000, buckets: p.buckets.length }));

describe('weeks and months of a report', () => {
  it('are Monday-to-Sunday weeks in a zone without DST (Asia/Sakhalin), the first and last clipped, across a year boundary', () => {
    const z = 'Asia/Sakhalin';
    // Wednesday 2025-12-24 to Saturday 2026-01-10 (to: the midnight after it)
    expect(plan('2025-12-24', '2026-01-11', '1w', z)).toEqual([
      { from: '2025-12-24T00:00', to: '2025-12-29T00:00', hours: 120, buckets: 480 },
      { from: '2025-12-29T00:00', to: '2026-01-05T00:00', hours: 168, buckets: 672 },
      { from: '2026-01-05T00:00', to: '2026-01-11T00:00', hours: 144, buckets: 576 },
    ]);
    // a period ending mid-day: its last day is whole (weeks are read from the days' roll-ups)
    expect(plan('2026-01-05T09:00', '2026-01-06T12:00', '1w', z)).toEqual([{ from: '2026-01-05T00:00', to: '2026-01-07T00:00', hours: 48, buckets: 192 }]);
  });

  it('are calendar months of 28, 29, 30 and 31 days, clipped to the period, across a year boundary', () => {
    const z = 'Asia/Sakhalin';
    const months = plan('2025-11-15', '2026-03-11', '1mo', z);
    expect(months.map((m) => [m.from, m.to, m.hours / 24])).toEqual([
      ['2025-11-15T00:00', '2025-12-01T00:00', 16],
      ['2025-12-01T00:00', '2026-01-01T00:00', 31],
      ['2026-01-01T00:00', '2026-02-01T00:00', 31],
      ['2026-02-01T00:00', '2026-03-01T00:00', 28],
      ['2026-03-01T00:00', '2026-03-11T00:00', 10],
    ]);
    expect(plan('2028-02-01', '2028-03-01', '1mo', z).map((m) => m.hours / 24)).toEqual([29]);
    expect(plan('2026-04-01', '2026-05-01', '1mo', z).map((m) => m.hours / 24)).toEqual([30]);
    for (const m of months) expect(m.buckets).toBe(m.hours * 4);
  });

  it('follow local midnights across DST changes (Europe/Berlin): a week of 167 h in spring, a month of 745 h in autumn', () => {
    const z = 'Europe/Berlin';
    // 2025-03-30 02:00 → 03:00, in the week of Monday 24 March
    expect(plan('2025-03-24', '2025-04-07', '1w', z)).toEqual([
      { from: '2025-03-24T00:00', to: '2025-03-31T00:00', hours: 167, buckets: 668 },
      { from: '2025-03-31T00:00', to: '2025-04-07T00:00', hours: 168, buckets: 672 },
    ]);
    // 2025-10-26 03:00 → 02:00: October has 31 days and one hour more
    expect(plan('2025-10-01', '2025-12-01', '1mo', z).map((m) => [m.from, m.hours])).toEqual([
      ['2025-10-01T00:00', 745],
      ['2025-11-01T00:00', 720],
    ]);
    // Moscow kept DST until 2010 (the last change back: 31 October 2010)
    expect(plan('2010-10-01', '2010-11-01', '1mo', 'Europe/Moscow').map((m) => m.hours)).toEqual([745]);
  });

  it('are counted without building them, never fewer than they are', () => {
    const z = 'Asia/Sakhalin';
    for (const [from, to, step] of [['2025-11-15', '2026-03-11', '1mo'], ['2025-12-24', '2026-01-11', '1w'], ['2020-01-01', '2026-01-01', '1mo']] as const) {
      expect(intervalCount(at(from, z), at(to, z), step)).toBeGreaterThanOrEqual(planIntervals(at(from, z), at(to, z), step, z).length);
    }
  });
});
