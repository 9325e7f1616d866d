import { describe, expect, it } from 'vitest';
import { defaultStep, PERIOD_PRESETS, presetRange } from '../../client/src/domain/report-periods.js';

describe('report periods', () => {
  it('are calendar dates of the site: weeks from Monday, months, quarters and years whole', () => {
    // Wednesday 2026-01-14
    const today = '2026-01-14';
    expect(presetRange('today', today)).toEqual({ from: today, to: today });
    expect(presetRange('yesterday', today)).toEqual({ from: '2026-01-13', to: '2026-01-13' });
    expect(presetRange('thisWeek', today)).toEqual({ from: '2026-01-12', to: today });
    expect(presetRange('lastWeek', today)).toEqual({ from: '2026-01-05', to: '2026-01-11' });
    expect(presetRange('thisMonth', today)).toEqual({ from: '2026-01-01', to: today });
    // across the year boundary
    expect(presetRange('lastMonth', today)).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetRange('lastQuarter', today)).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(presetRange('thisQuarter', '2026-05-31')).toEqual({ from: '2026-04-01', to: '2026-05-31' });
    expect(presetRange('lastYear', today)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    // a Sunday is the last day of its week; February of a leap year
    expect(presetRange('thisWeek', '2026-01-18')).toEqual({ from: '2026-01-12', to: '2026-01-18' });
    expect(presetRange('lastMonth', '2028-03-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    for (const p of PERIOD_PRESETS) expect(presetRange(p, today).from <= presetRange(p, today).to).toBe(true);
  });
  it('suggest hours up to a week, days up to a quarter, weeks up to half a year and months beyond', () => {
    expect(defaultStep({ from: '2026-01-14', to: '2026-01-14' })).toBe('1h');
    expect(defaultStep({ from: '2026-01-05', to: '2026-01-11' })).toBe('1h');
    expect(defaultStep({ from: '2026-01-01', to: '2026-01-31' })).toBe('1d');
    expect(defaultStep({ from: '2025-10-01', to: '2025-12-31' })).toBe('1d');
    expect(defaultStep({ from: '2025-07-01', to: '2025-12-31' })).toBe('1w');
    expect(defaultStep({ from: '2025-01-01', to: '2025-12-31' })).toBe('1mo');
  });
});
