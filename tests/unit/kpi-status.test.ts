/** Thresholds flipping status: the rule, per-site overrides, norms moving the defaults, the centre's own limits. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KpiThresholds } from '../../shared/kpi.js';
import { combineKpi, kpiStatus } from '../../shared/kpi-rules.js';
import type { AppealEvent, CallEvent } from '../../shared/events.js';
import { deriveAppeal } from '../../server/domain/appeal-fold.js';
import { bucketOf } from '../../shared/buckets.js';
import { appealCounterField, queueCounterField, type QueueCounter } from '../../shared/counters.js';
import { deriveCall } from '../../server/domain/call-fold.js';
import { emptyTotals, type Totals } from '../../server/domain/day-totals.js';
import { centreKpis, siteKpis, type KpiInput } from '../../server/domain/kpi/kpi-formulas.js';
import { SiteConfig } from '../../server/domain/sites.js';
import { ev, T0 } from '../helpers/event-factory.js';

describe('kpiStatus', () => {
  const lowerIsBetter: KpiThresholds = { warnAbove: 40, alertAbove: 60 };
  const higherIsBetter: KpiThresholds = { warnBelow: 0.95, alertBelow: 0.9 };
  const band: KpiThresholds = { warnBelow: 300, warnAbove: 600, alertAbove: 900 };
  it.each([
    [lowerIsBetter, 40, 'ok'],
    [lowerIsBetter, 40.01, 'warn'],
    [lowerIsBetter, 60, 'warn'],
    [lowerIsBetter, 60.01, 'alert'],
    [higherIsBetter, 0.95, 'ok'],
    [higherIsBetter, 0.949, 'warn'],
    [higherIsBetter, 0.9, 'warn'],
    [higherIsBetter, 0.899, 'alert'],
    [band, 299, 'warn'],
    [band, 300, 'ok'],
    [band, 600, 'ok'],
    [band, 601, 'warn'],
    [band, 901, 'alert'],
    [{ alertAbove: 0 }, 0, 'ok'],
    [{ alertAbove: 0 }, 1, 'alert'],
    [lowerIsBetter, null, 'ok'],
    [{}, 1e9, 'ok'],
  ] as [KpiThresholds, number | null, string][])('%j: %s → %s', (th, value, status) => {
    expect(kpiStatus(value, th)).toBe(status);
  });
});

/** 10 answered calls with 30 s average connect, 9 in 3 rings, 8 within the service level, 1 abandon of 10 completed… */
const totals: Totals = {
  ...emptyTotals(),
  offered: 11,
  answered: 10,
  abandoned: 1,
  answeredIn3Rings: 9,
  answeredInServiceLevel: 8,
  connectSumMs: 300_000,
  connectN: 10,
  waitSumMs: 150_000,
  waitN: 10,
  handleSumMs: 4_000_000,
  handleN: 10,
  ringsPast3: 1,
};
const input = (site: SiteConfig): KpiInput => ({ now: T0, norms: site.norms, totals, calls: [], callbacks: [], appeals: [] });
const site = (extra: object = {}) => SiteConfig.parse({ id: 'x', name: { ru: 'Икс', en: 'X' }, ...extra });

describe('per-site thresholds flip the status', () => {
  const base = siteKpis(site(), input(site()));

  it('defaults', () => {
    expect(base.connectAvg).toMatchObject({ value: 30, status: 'ok' });
    expect(base.answeredIn3Rings).toMatchObject({ value: 0.9, status: 'warn' });
    expect(base.serviceLevel).toMatchObject({ value: 8 / 11, status: 'warn' });
    expect(base.abandonRate).toMatchObject({ value: 1 / 11, status: 'warn' });
    expect(base.handleAvg).toMatchObject({ value: 400, status: 'ok' });
    expect(base.ringsPast3Today).toMatchObject({ value: 1, status: 'warn' });
  });

  it.each([
    ['connectAvg', { warnAbove: 25 }, 'warn'],
    ['connectAvg', { alertAbove: 29 }, 'alert'],
    ['answeredIn3Rings', { warnBelow: 0.9 }, 'ok'],
    ['answeredIn3Rings', { alertBelow: 0.95 }, 'alert'],
    ['serviceLevel', { target: 0.7, warnBelow: 0.7, alertBelow: 0.6 }, 'ok'],
    ['abandonRate', { alertAbove: 0.08 }, 'alert'],
    ['handleAvg', { warnBelow: 420 }, 'warn'],
    ['ringsPast3Today', { warnAbove: null }, 'ok'],
    ['ringsPast3Today', { alertAbove: 0 }, 'alert'],
  ] as const)('%s with %j → %s', (id, override, status) => {
    const s = site({ thresholds: { [id]: override } });
    const k = siteKpis(s, input(s))[id];
    expect(k.status).toBe(status);
    expect(k.value).toBe(base[id].value);
  });

  it('an override keeps the other default limits and can set the target', () => {
    const s = site({ thresholds: { serviceLevel: { target: 0.7, warnBelow: 0.7 } } });
    expect(siteKpis(s, input(s)).serviceLevel).toMatchObject({ target: 0.7, thresholds: { warnBelow: 0.7, alertBelow: 0.7 } });
  });

  it('a site’s norms move its defaults: a 25 s connect target makes 30 s a warning; a 7–15 min band makes 400 s short', () => {
    const s = site({ norms: { connectTargetSeconds: 25 } });
    expect(siteKpis(s, input(s)).connectAvg).toMatchObject({ target: 25, thresholds: { warnAbove: 25, alertAbove: 37.5 }, status: 'warn' });
    const n3 = site({ norms: { handleMinSeconds: 420, handleMaxSeconds: 900 } });
    expect(siteKpis(n3, input(n3)).handleAvg).toMatchObject({ target: 420, targetMax: 900, status: 'warn' });
  });

  it('the centre is judged by the standard’s defaults (or its own overrides), not by one site’s', () => {
    const strict = site({ thresholds: { connectAvg: { warnAbove: 10 } } });
    const k = siteKpis(strict, input(strict));
    expect(k.connectAvg.status).toBe('warn');
    expect(centreKpis([{ kpis: k }]).connectAvg).toMatchObject({ value: 30, status: 'ok', thresholds: { warnAbove: 40, alertAbove: 60 } });
    expect(centreKpis([{ kpis: k }], { connectAvg: { alertAbove: 20 } }).connectAvg.status).toBe('alert');
    // without a template the first part's limits apply (what a client does with no centre KPIs at hand)
    expect(combineKpi('connectAvg', [k.connectAvg]).status).toBe('warn');
  });
});

describe('the new counters keep the fold a function of the set of events', () => {
  const centralHours = { timeZone: 'Asia/Sakhalin', hours: site().hours };

  it('closed-hours calls, service level and outcomes: any order, same contribution', () => {
    // 07:30 on a Wednesday: the unit (08:00–17:00) is closed; its hotline follows its hours
    const base = T0 - 5400_000;
    const o = { base };
    const events = [
      ev('call.queued', 0, { callId: 'n1', queue: 'hotline', line: 'hotline' }, o),
      ev('call.offered', 3, { callId: 'n1', agentId: 'op-1' }, o),
      ev('call.answered', 12, { callId: 'n1', agentId: 'op-1' }, o),
      ev('call.connected', 30, { callId: 'n1', specialistId: 'sp' }, o),
      ev('call.ended', 400, { callId: 'n1', outcome: 'redirected' }, o),
    ] as CallEvent[];
    const norms = site().norms;
    const expected = deriveCall(events, norms, centralHours);
    const b = bucketOf(base);
    const field = (counter: QueueCounter) => `${b}|${queueCounterField('hotline', counter)}`;
    expect(expected.counters).toMatchObject({
      [field('hotlineWhileClosed')]: 1,
      [field('answeredInServiceLevel')]: 1,
      [field('ended')]: 1,
      [field('redirected')]: 1,
    });
    expect(deriveCall(events, norms, { ...centralHours, hotlineHours: '24/7' }).counters[field('hotlineWhileClosed')]).toBeUndefined();
    expect(deriveCall(events, norms).counters[field('hotlineWhileClosed')]).toBeUndefined();
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (perm) => {
        expect(deriveCall(perm, norms, centralHours)).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('an appeal’s outcome counts in the interval it happened in (answered today, rejected today)', () => {
    const reg = ev('appeal.registered', -86_400 * 3, { appealId: 'q1', channel: 'phone', clientType: 'individual' });
    const ans = ev('appeal.answered', 0, { appealId: 'q1' });
    const d = deriveAppeal([ans, reg] as AppealEvent[], site().norms, 'Asia/Sakhalin');
    expect(d.counters[`${bucketOf(T0 - 86_400_000 * 3)}|${appealCounterField('appealsRegistered')}`]).toBe(1);
    expect(d.counters[`${bucketOf(T0)}|${appealCounterField('appealsAnswered')}`]).toBe(1);
    expect(d).toEqual(deriveAppeal([reg, ans] as AppealEvent[], site().norms, 'Asia/Sakhalin'));
  });
});
