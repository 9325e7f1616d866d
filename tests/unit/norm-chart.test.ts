/** Issue 17: a compliance chart's series — the server's values in the report's units, its statuses as they came, labels by step. */
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { intervalLabel, normSeries } from '../../client/src/domain/norm-chart.js';
import type { ComplianceInterval, ComplianceRow } from '../../shared/reports.js';

const Z = 'Asia/Sakhalin';
const at = (iso: string) => DateTime.fromISO(iso, { zone: Z }).toMillis();
const row = { kpi: 'answeredIn3Rings', norm: 'N1', unit: 'ratio', value: 0.9, target: 1, thresholds: { warnBelow: 0.95, alertBelow: 0.9 }, status: 'warn', intervals: 2, withinNorm: 1, compliance: 0.5, worst: [], previous: null, yearBefore: null } as ComplianceRow;
const iv = (start: string, end: string, v: number | null, status: ComplianceInterval['statuses']['answeredIn3Rings']) =>
  ({ start: at(start), end: at(end), offered: 1, answered: 1, abandoned: 0, values: { answeredIn3Rings: v }, statuses: { answeredIn3Rings: status } }) as unknown as ComplianceInterval;

describe('a norm chart series', () => {
  it('takes values in percent to 0.1 and the statuses as the server gave them (a status the limits would not give stays)', () => {
    const s = normSeries(row, [iv('2025-12-01', '2026-01-01', 0.98765, 'ok'), iv('2026-01-01', '2026-01-12', 0.5, 'warn'), iv('2026-01-12', '2026-01-13', null, 'none')], '1mo', Z, 'ru-RU');
    expect(s.values).toEqual([98.8, 50, null]);
    expect(s.statuses).toEqual(['ok', 'warn', 'none']);
    expect([s.target, s.targetMax]).toEqual([100, null]);
    expect(s.labels[0]).toMatch(/дек.*2025/);
  });
  it('labels days and weeks by their first date, a day by its times', () => {
    expect(intervalLabel(at('2025-12-29'), '1w', Z, 'ru-RU', false)).toBe('29.12');
    expect(intervalLabel(at('2025-12-29T14:15'), '15m', Z, 'ru-RU', true)).toBe('14:15');
    expect(intervalLabel(at('2025-12-29T14:00'), '1h', Z, 'ru-RU', false)).toBe('29.12 14:00');
  });
});
