/**
 * Issue 17: the compliance report's blocks — a group's figures are made as the whole's (sums, then
 * the formula), each judged by the setting it is given (a site's own norms), each interval's status
 * with it; without `groups` the report has none.
 */
import { describe, expect, it } from 'vitest';
import { emptyTotals, type Totals } from '../../server/domain/day-totals.js';
import { complianceReport } from '../../server/domain/reports/compliance-report.js';
import { kpiSetting } from '../../server/domain/kpi/kpi-formulas.js';
import { SiteNorms } from '../../server/domain/sites.js';

const norms = SiteNorms.parse({});
const t = (offered: number, answered: number, in3: number): Totals => ({ ...emptyTotals(), offered, answered, answeredIn3Rings: in3 });
const iv = (i: number, totals: Totals) => ({ start: i * 86_400_000, end: (i + 1) * 86_400_000, totals });
const base = { sites: ['a', 'b'], timeZone: 'Asia/Sakhalin', step: '1d' as const, period: { from: 0, to: 2 * 86_400_000 }, generatedAt: 0, previous: null, yearBefore: null };

describe('a grouped compliance report', () => {
  it('judges each block by its own setting, from its own sums', () => {
    const strict = (kpi: Parameters<typeof kpiSetting>[0]) => kpiSetting(kpi, norms);
    const lenient = (kpi: Parameters<typeof kpiSetting>[0]) => kpiSetting(kpi, norms, { answeredIn3Rings: { warnBelow: 0.8, alertBelow: 0.6 } });
    const a = [iv(0, t(10, 10, 9)), iv(1, t(10, 10, 10))];
    const b = [iv(0, t(4, 4, 3)), iv(1, t(0, 0, 0))];
    const r = complianceReport({
      ...base,
      intervals: [iv(0, t(14, 14, 12)), iv(1, t(10, 10, 10))],
      setting: strict,
      groups: { by: 'site', blocks: [{ id: 'a', intervals: a, previous: null, yearBefore: null, setting: strict }, { id: 'b', intervals: b, previous: null, yearBefore: null, setting: lenient }] },
    });
    const n1 = (rows: typeof r.rows) => rows.find((x) => x.kpi === 'answeredIn3Rings')!;
    expect(n1(r.rows).value).toBeCloseTo(22 / 24, 12);
    expect(r.intervals.map((x) => x.statuses.answeredIn3Rings)).toEqual(['alert', 'ok']);
    expect(r.group).toBe('site');
    const [ga, gb] = r.groups!;
    expect(ga!.totals).toEqual({ offered: 20, answered: 20, abandoned: 0 });
    expect(n1(ga!.rows).value).toBeCloseTo(19 / 20, 12);
    expect(ga!.intervals.map((x) => x.statuses.answeredIn3Rings)).toEqual(['warn', 'ok']);
    // 75 % is a breach by the strict limits, a warning by b's own; a day without calls has no status
    expect(gb!.intervals.map((x) => x.statuses.answeredIn3Rings)).toEqual(['warn', 'none']);
    expect([n1(gb!.rows).status, n1(gb!.rows).intervals, n1(gb!.rows).withinNorm]).toEqual(['warn', 1, 0]);
    expect(n1(gb!.rows).thresholds).toEqual({ warnBelow: 0.8, alertBelow: 0.6 });
  });

  it('has no groups unless asked', () => {
    const r = complianceReport({ ...base, intervals: [iv(0, t(1, 1, 1))], setting: (kpi) => kpiSetting(kpi, norms) });
    expect('groups' in r || 'group' in r).toBe(false);
  });
});
