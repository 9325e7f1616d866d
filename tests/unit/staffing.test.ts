/**
 * The staffing maths of issue 16 against published values: Erlang B and C tables, the Call Centre
 * Helper worked example of Erlang C (100 calls per 30 min, AHT 180 s: A = 10 Erlangs), the limits
 * that tie Erlang A to C (patience → ∞) and to B (patience → 0), Halfin–Whitt's delay function,
 * the Poisson tail of the surge test, and the queue-length wait predictor.
 */
import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, erlangCAsa, erlangCServiceLevel } from '../../server/domain/staffing/erlang-c.js';
import { erlangA } from '../../server/domain/staffing/erlang-a.js';
import { betaFor, halfinWhittDelay, squareRootStaffing } from '../../server/domain/staffing/square-root-staffing.js';
import { staffNeeded } from '../../server/domain/staffing/staff-needed.js';
import { predictedWait } from '../../server/domain/staffing/predicted-wait.js';
import { logPoissonTail, robustBaseline, surgeTest } from '../../server/domain/staffing/surge-test.js';
import { queueForesight, staffingStatus } from '../../server/domain/staffing/queue-foresight.js';

/** to `digits` significant digits */
const sig = (x: number, digits = 3) => Number(x.toPrecision(digits));

describe('Erlang B and C', () => {
  it('match the tables', () => {
    // Erlang B table: 3 Erlangs on 5 lines block 11.0 %
    expect(sig(erlangB(5, 3))).toBe(0.11);
    expect(sig(erlangB(10, 5), 4)).toBe(0.01838);
  });

  it('match the worked example: A = 10 Erl, AHT 180 s, agents 11–15', () => {
    const aht = 180;
    const rows = [11, 12, 13, 14, 15].map((n) => [n, sig(erlangC(n, 10)), sig(erlangCServiceLevel(n, 10, aht, 20)), sig(erlangCAsa(n, 10, aht))]);
    expect(rows).toEqual([
      [11, 0.682, 0.39, 123],
      [12, 0.449, 0.64, 40.4],
      [13, 0.285, 0.796, 17.1],
      [14, 0.174, 0.888, 7.84],
      [15, 0.102, 0.941, 3.67],
    ]);
  });

  it('an overloaded queue always waits', () => {
    expect(erlangC(10, 10)).toBe(1);
    expect(erlangCAsa(9, 10, 180)).toBe(Infinity);
    expect(erlangCServiceLevel(9, 10, 180, 20)).toBe(0);
  });
});

describe('Erlang A', () => {
  const lambda = 10 / 180;
  it('is Erlang C when nobody hangs up', () => {
    const a = erlangA({ lambda, ahtSec: 180, patienceSec: 1e9, n: 13 });
    expect(sig(a.pWait)).toBe(0.285);
    expect(sig(a.serviceLevel(20))).toBe(0.796);
    expect(sig(a.asaSec)).toBe(17.1);
    expect(a.pAbandon).toBeLessThan(1e-6);
  });

  it('is Erlang B when nobody waits', () => {
    const a = erlangA({ lambda, ahtSec: 180, patienceSec: 1e-4, n: 11 });
    expect(a.pAbandon).toBeCloseTo(erlangB(11, 10), 4);
  });

  it('matches a simulation of the same queue, and stays stable when overloaded', () => {
    // 3·10⁶ s of M/M/11+M simulated independently (event-driven, Python, seed 1): SL(20 s) 0.745, abandoned 0.0934
    const a = erlangA({ lambda, ahtSec: 180, patienceSec: 120, n: 11 });
    expect(a.serviceLevel(20)).toBeCloseTo(0.745, 2);
    expect(a.pAbandon).toBeCloseTo(0.0934, 2);
    // with patience, an overloaded queue is stable and answers some callers fast
    const over = erlangA({ lambda: 12 / 180, ahtSec: 180, patienceSec: 60, n: 10 });
    expect(over.pAbandon).toBeGreaterThan(1 - 10 / 12 - 1e-9);
    expect(over.serviceLevel(20)).toBeGreaterThan(0);
    expect(over.serviceLevel(20)).toBeLessThan(over.serviceLevel(60));
  });
});

describe('square-root staffing', () => {
  it('follows Halfin–Whitt’s delay function', () => {
    // α(1) = 1 / (1 + Φ(1)/φ(1)) = 0.2234
    expect(sig(halfinWhittDelay(1), 4)).toBe(0.2234);
    expect(halfinWhittDelay(betaFor(0.2))).toBeCloseTo(0.2, 9);
  });

  it('errs on the safe side of the exact answer, by at most 5 %', () => {
    for (const load of [10, 50, 100, 300]) {
      const exact = staffNeeded({ lambda: load / 180, ahtSec: 180, slSeconds: 20, slTarget: 0.8, asaTargetSec: 40 });
      const rule = squareRootStaffing(load, 0.2);
      expect(rule).toBeGreaterThanOrEqual(exact.needed);
      expect(rule).toBeLessThanOrEqual(Math.ceil(exact.needed * 1.05) + 1);
    }
  });
});

describe('staff needed', () => {
  it('is the worked example’s 14 for 80 % in 20 s and ASA ≤ 40 s with Erlang C', () => {
    const s = staffNeeded({ lambda: 10 / 180, ahtSec: 180, slSeconds: 20, slTarget: 0.8, asaTargetSec: 40 });
    expect(s).toMatchObject({ needed: 14, forServiceLevel: 14, forAsa: 13, model: 'erlang-c' });
    expect(sig(s.atNeeded.serviceLevel)).toBe(0.888);
  });

  it('needs fewer operators for the same targets when callers hang up (Erlang A)', () => {
    const c = staffNeeded({ lambda: 10 / 180, ahtSec: 180, slSeconds: 20, slTarget: 0.8, asaTargetSec: 40 });
    const a = staffNeeded({ lambda: 10 / 180, ahtSec: 180, patienceSec: 60, slSeconds: 20, slTarget: 0.8, asaTargetSec: 40 });
    expect(a.model).toBe('erlang-a');
    expect(a.needed).toBeLessThanOrEqual(c.needed);
    expect(a.atNeeded.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(erlangA({ lambda: 10 / 180, ahtSec: 180, patienceSec: 60, n: a.needed - 1 }).serviceLevel(20)).toBeLessThan(0.8);
  });

  it('needs nobody for no calls', () => {
    expect(staffNeeded({ lambda: 0, ahtSec: 180, slSeconds: 15, slTarget: 0.9, asaTargetSec: 40 }).needed).toBe(0);
  });
});

describe('predicted wait', () => {
  it('is (j + 1) · AHT / n without abandonment, shorter with it', () => {
    expect(predictedWait(0, 10, 300)!.expectedSec).toBeCloseTo(30, 9);
    expect(predictedWait(4, 10, 300)!.expectedSec).toBeCloseTo(150, 9);
    const withPatience = predictedWait(4, 10, 300, 120)!;
    // Σ_{i=0..4} 1 / (1/30 + i/120)
    const expected = [0, 1, 2, 3, 4].reduce((s, i) => s + 1 / (1 / 30 + i / 120), 0);
    expect(withPatience.expectedSec).toBeCloseTo(expected, 9);
    expect(withPatience.lowSec).toBeLessThan(withPatience.expectedSec);
    expect(withPatience.highSec).toBeGreaterThan(withPatience.expectedSec);
    expect(predictedWait(3, 0, 300)).toBeNull();
  });
});

describe('surge test', () => {
  it('takes the Poisson tail', () => {
    // 1 − e^−1 (1 + 1 + 1/2), and two values summed independently (Python, exact terms)
    expect(Math.exp(logPoissonTail(3, 1))).toBeCloseTo(0.0803013970713942, 12);
    expect(sig(Math.exp(logPoissonTail(10, 2)), 5)).toBe(4.6498e-5);
    expect(sig(Math.exp(logPoissonTail(40, 10)), 4)).toBe(7.342e-13);
    expect(logPoissonTail(0, 5)).toBe(0);
  });

  it('fires on three times the usual calls, not on a busy ordinary spell', () => {
    expect(surgeTest(60, 20)).toMatchObject({ surge: true, ratio: 3 });
    expect(surgeTest(30, 20).surge).toBe(false);
    // a quiet queue: four calls instead of one is not an outage
    expect(surgeTest(4, 1).surge).toBe(false);
  });

  it('a median baseline ignores last month’s outage', () => {
    expect(robustBaseline([20, 22, 19, 95, 21])).toBe(21);
    expect(robustBaseline([])).toBeUndefined();
  });
});

describe('a queue’s foresight', () => {
  const base = {
    offeredInWindow: 60,
    windowMs: 20 * 60_000,
    staffed: 8,
    waiting: 4,
    slSeconds: 15,
    slTarget: 0.95,
    asaTargetSec: 40,
    handleMinSeconds: 300,
    handleMaxSeconds: 600,
  };
  it('takes the rate of the window, today’s AHT, and Erlang C before the first abandon', () => {
    const f = queueForesight({ ...base, today: { handleSumMs: 10 * 180_000, handleN: 10, waitSumMs: 0, abandoned: 0, abandonedShort: 0 } });
    expect(f).toMatchObject({ arrivalsPerHour: 180, ahtSec: 180, model: 'erlang-c', staffed: 8 });
    expect(f.patienceSec).toBeUndefined();
    // 3 calls a minute × 3 min = 9 Erlangs: more than 9 operators, so 8 are short
    expect(f.needed).toBe(staffNeeded({ lambda: 3 / 60, ahtSec: 180, slSeconds: 15, slTarget: 0.95, asaTargetSec: 40 }).needed);
    expect(f.short).toBe(f.needed - 8);
    expect(f.status).toBe(8 >= 0.8 * f.needed ? 'warn' : 'alert');
    expect(f.joinWait?.expectedSec).toBe(Math.round((5 * 180) / 8));
  });

  it('estimates patience as the time all callers waited ÷ those who hung up (short hang-ups left out)', () => {
    const f = queueForesight({ ...base, today: { handleSumMs: 10 * 180_000, handleN: 10, waitSumMs: 400_000, abandonWaitSumMs: 200_000, abandoned: 7, abandonedShort: 2 } });
    expect(f).toMatchObject({ model: 'erlang-a', patienceSec: 120 });
  });

  it('uses the middle of the N3 band before the day’s first call, and the window’s whole minutes', () => {
    const f = queueForesight({ ...base, offeredInWindow: 1, windowMs: 20_000, today: { handleSumMs: 0, handleN: 0, waitSumMs: 0, abandoned: 0, abandonedShort: 0 } });
    expect(f).toMatchObject({ ahtSec: 450, arrivalsPerHour: 60 });
  });
});

describe('staff needed on absurd input', () => {
  it('answers at once with the most it counts, for a load no centre has (a broken counter)', () => {
    const s = staffNeeded({ lambda: 1e12, ahtSec: 300, slSeconds: 15, slTarget: 0.95, asaTargetSec: 40 });
    expect(s.needed).toBe(10_000);
    expect(s.squareRoot).toBe(10_000);
    expect(staffNeeded({ lambda: Infinity, ahtSec: 300, slSeconds: 15, slTarget: 0.95, asaTargetSec: 40 }).needed).toBe(10_000);
  });
});

describe('the staffing status', () => {
  it('is ok when none is short, warn at 80 % of the need or more, alert below', () => {
    expect([staffingStatus(10, 10), staffingStatus(10, 12), staffingStatus(10, 8), staffingStatus(10, 7), staffingStatus(0, 0)]).toEqual(['ok', 'ok', 'warn', 'alert', 'ok']);
  });
});
