/**
 * Issue 16's "done when", on the demo's own model (server/demo/call-centre-sim.ts): a day at a
 * known, flat rate, then a step to three times it. Folded as the store folds it and read every
 * minute as the server builds the state: the staff needed is the Erlang A figure of the true rates,
 * the surge alarm fires within 5 minutes of the step and never on the flat part, and a joining
 * caller's predicted wait is as good as the estimator claims. The figures are printed for the issue.
 */
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { CallCentreSim, seededRandom } from '../../server/demo/call-centre-sim.js';
import { SiteConfig } from '../../server/domain/sites.js';
import { staffNeeded } from '../../server/domain/staffing/staff-needed.js';
import { queueSurge } from '../../server/domain/staffing/queue-surge.js';
import { robustBaseline } from '../../server/domain/staffing/surge-test.js';
import { realDayCallsPerHour } from '../../server/demo/traffic-profile.js';
import type { ObzorEvent } from '../../shared/events.js';
import { IncrementalFold } from '../helpers/fold-incremental.js';
import { bucketsOfDay, type ExpectedDay } from '../../server/domain/forecast/expected-day.js';

const MIN = 60_000;
const ZONE = 'Asia/Sakhalin';
const SITE = SiteConfig.parse({ id: 'sim', name: { ru: 'Модель', en: 'Model' }, timeZone: ZONE, hours: '24/7', hotlineHours: '24/7' });
const DAY_START = DateTime.fromISO('2026-11-18T06:00', { zone: ZONE }).toMillis();
const STEP_AT = DAY_START + 3 * 60 * MIN; // 09:00
const END = STEP_AT + 40 * MIN;
const FLAT_PER_HOUR = 120;
const SURGE_PER_HOUR = 3 * FLAT_PER_HOUR;
const rateAt = (t: number) => (t >= STEP_AT ? SURGE_PER_HOUR : FLAT_PER_HOUR);
/** the model's talk time: log-normal, median 270 s, σ 0.5 → mean 270·e^(σ²/2); patience exponential, mean 240 s */
const TRUE_AHT = 270 * Math.exp(0.125);
const TRUE_PATIENCE = 240;
/** the same weekday's history, as the baseline (server/store/weekday-baseline.ts) would have it: the flat rate all day */
const MIDNIGHT = DateTime.fromMillis(DAY_START, { zone: ZONE }).startOf('day').toMillis();
const { buckets, dayEnd } = bucketsOfDay(MIDNIGHT, ZONE);
// the model opens at 06:00: its history has no calls before, the flat rate after
const flatRow = buckets.map((b) => (b >= DAY_START ? FLAT_PER_HOUR / 4 : 0));
const history: ExpectedDay = { timeZone: ZONE, dayStart: MIDNIGHT, dayEnd, buckets, site: flatRow, byQueue: new Map([['hotline', flatRow]]), weeksUsed: 8 };

interface Minute {
  at: number;
  needed?: number;
  surgeWithHistory: boolean;
  surgeEarlierToday: boolean | undefined;
}

function simulate() {
  const sim = new CallCentreSim({ site: 'sim', timeZone: ZONE, agents: 16, queues: ['hotline'], speed: 1, rnd: seededRandom(16), callsPerHour: rateAt, runId: 'sim' }, DAY_START);
  const fold = new IncrementalFold(SITE);
  const all: ObzorEvent[] = [];
  const take = (events: ObzorEvent[]) => {
    for (const e of events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
      fold.apply(e);
      all.push(e);
    }
  };
  take(sim.start(DAY_START));
  const minutes: Minute[] = [];
  /** a joining caller's prediction at the moment each call entered, kept by call */
  const predicted = new Map<string, { expectedSec: number; lowSec: number; highSec: number }>();
  for (let t = DAY_START + 1000; t <= END; t += 1000) {
    const events = sim.step(t, 1000);
    for (const e of events) {
      if (e.type !== 'call.queued' || Date.parse(e.at) < STEP_AT - 20 * MIN) continue;
      const w = fold.stateAt(Date.parse(e.at)).queues.find((q) => q.queue === 'hotline')?.foresight?.joinWait;
      if (w) predicted.set(e.callId, w);
    }
    take(events);
    if ((t - DAY_START) % MIN === 0) {
      const s = fold.stateAt(t, { expected: history });
      const q = s.queues.find((x) => x.queue === 'hotline');
      minutes.push({ at: t, ...(q?.foresight ? { needed: q.foresight.needed } : {}), surgeWithHistory: q?.surge?.surge === true, surgeEarlierToday: fold.stateAt(t).queues.find((x) => x.queue === 'hotline')?.surge?.surge });
    }
  }
  // each caller's real wait: queued → answered
  const queuedAt = new Map<string, number>();
  const waited = new Map<string, number>();
  for (const e of all) {
    if (e.type === 'call.queued') queuedAt.set(e.callId, Date.parse(e.at));
    if (e.type === 'call.answered' && queuedAt.has(e.callId)) waited.set(e.callId, (Date.parse(e.at) - queuedAt.get(e.callId)!) / 1000);
  }
  return { minutes, predicted, waited };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

describe('foresight on the demo model: a flat day, then a step to ×3', () => {
  const run = simulate();

  it('needs the Erlang A number of operators of the true rates (±1), from what it measured', () => {
    const truth = staffNeeded({ lambda: FLAT_PER_HOUR / 3600, ahtSec: TRUE_AHT, patienceSec: TRUE_PATIENCE, slSeconds: 15, slTarget: 0.95, asaTargetSec: 40 });
    const flat = run.minutes.filter((m) => m.at >= DAY_START + 90 * MIN && m.at < STEP_AT && m.needed !== undefined).map((m) => m.needed!);
    const measured = median(flat);
    console.log(`[foresight-sim] staff needed on the flat part: median ${measured} (range ${Math.min(...flat)}–${Math.max(...flat)} over ${flat.length} min) vs Erlang A of the true rates ${truth.needed} (${truth.model})`);
    expect(truth.model).toBe('erlang-a');
    expect(Math.abs(measured - truth.needed)).toBeLessThanOrEqual(1);
  });

  it('fires the surge alarm within 5 minutes of the step, and never on the flat part', () => {
    const flat = run.minutes.filter((m) => m.at < STEP_AT);
    expect(flat.filter((m) => m.surgeWithHistory).map((m) => new Date(m.at).toISOString())).toEqual([]);
    // the fallback baseline (the hour before the window) is as quiet on the flat part
    expect(flat.filter((m) => m.surgeEarlierToday === true).map((m) => new Date(m.at).toISOString())).toEqual([]);
    const first = run.minutes.find((m) => m.at >= STEP_AT && m.surgeWithHistory);
    const firstFallback = run.minutes.find((m) => m.at >= STEP_AT && m.surgeEarlierToday === true);
    console.log(`[foresight-sim] surge alarm: fired ${(first!.at - STEP_AT) / MIN} min after the step with the history, ${firstFallback ? (firstFallback.at - STEP_AT) / MIN : '—'} min with the hour before; ${flat.length} flat minutes without a false alarm`);
    expect(first!.at - STEP_AT).toBeLessThanOrEqual(5 * MIN);
    expect(firstFallback!.at - STEP_AT).toBeLessThanOrEqual(5 * MIN);
  });

  it('predicts a joining caller’s wait within the stated error', () => {
    const pairs = [...run.predicted].filter(([id]) => run.waited.has(id)).map(([id, p]) => ({ p, actual: run.waited.get(id)! }));
    const waitedLong = pairs.filter((x) => x.p.expectedSec >= 30);
    const meanActual = waitedLong.reduce((n, x) => n + x.actual, 0) / waitedLong.length;
    const mae = waitedLong.reduce((n, x) => n + Math.abs(x.p.expectedSec - x.actual), 0) / waitedLong.length;
    const bias = waitedLong.reduce((n, x) => n + (x.p.expectedSec - x.actual), 0) / waitedLong.length;
    const inBand = waitedLong.filter((x) => x.actual >= x.p.lowSec && x.actual <= x.p.highSec).length / waitedLong.length;
    console.log(`[foresight-sim] predicted wait: ${pairs.length} answered callers predicted, ${waitedLong.length} expected ≥ 30 s; mean actual ${meanActual.toFixed(0)} s, mean absolute error ${mae.toFixed(0)} s (${((100 * mae) / meanActual).toFixed(0)} %), bias ${bias.toFixed(0)} s, within the ±1 s.d. band ${(100 * inBand).toFixed(0)} %`);
    expect(waitedLong.length).toBeGreaterThanOrEqual(30);
    expect(mae / meanActual).toBeLessThanOrEqual(0.5);
    expect(inBand).toBeGreaterThanOrEqual(0.4);
  });
});

/** Knuth's sampler: fine for the few calls a minute a queue gets */
function poisson(rnd: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rnd(); p > limit; p *= rnd()) k++;
  return k;
}

describe('the surge alarm on the demo’s normal days', () => {
  it('raises at most one false alarm a week per queue, with a baseline of four past weeks', () => {
    const rnd = seededRandom(2026);
    const monday = DateTime.fromISO('2026-01-05T00:00', { zone: ZONE }).toMillis();
    const WEEK = 7 * 24 * 60;
    const PAST = 4;
    const TESTED = 8;
    const lines: string[] = [];
    // the demo's real day (its busiest hour 90 calls) for the site, and a queue with a third of it
    for (const share of [1, 1 / 3]) {
      const weeks = Array.from({ length: PAST + TESTED }, () => Array.from({ length: WEEK }, (_, m) => poisson(rnd, (realDayCallsPerHour(monday + m * MIN, ZONE) * share) / 60)));
      const bucketCount = (w: number, b: number) => weeks[w]!.slice(b * 15, b * 15 + 15).reduce((a, x) => a + x, 0);
      let alarms = 0;
      let tests = 0;
      for (let w = PAST; w < PAST + TESTED; w++) {
        const start = monday + (w - PAST) * 0; // every tested week is read as the same calendar week: only the counts differ
        const arrivals = new Map(weeks[w]!.map((n, m) => [start + m * MIN, n]));
        const medians = Array.from({ length: WEEK / 15 }, (_, b) => robustBaseline(Array.from({ length: PAST }, (_, k) => bucketCount(w - PAST + k, b)))!);
        const expectedFromHistory = (from: number, to: number) => {
          let e = 0;
          for (let t = from; t < to; t += MIN) e += (medians[Math.floor((t - start) / (15 * MIN))] ?? 0) / 15 * Math.min(1, (to - t) / MIN);
          return e;
        };
        for (let m = 10; m < WEEK; m++) {
          const v = queueSurge({ arrivals, now: start + m * MIN + 30_000, expectedFromHistory, earlierHourUsable: false });
          tests++;
          if (v?.surge) alarms++;
        }
      }
      lines.push(`${share === 1 ? 'whole site' : 'a third of it'}: ${alarms} false alarms in ${TESTED} weeks (${tests} checks)`);
      expect(alarms, `share ${share}`).toBeLessThanOrEqual(TESTED);
    }
    console.log(`[foresight-sim] surge alarm on normal days: ${lines.join('; ')}`);
  });
});
