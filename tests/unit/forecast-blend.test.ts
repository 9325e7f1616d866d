/** Issue 16: the blended arrival rate, the N1 trend, and both inside a queue's foresight. */
import { describe, expect, it } from 'vitest';
import { blendedPerHour, trackingRatio } from '../../server/domain/forecast/arrival-blend.js';
import { n1BreachInMin } from '../../server/domain/forecast/n1-breach.js';
import { queueForesight, type ForesightInput } from '../../server/domain/staffing/queue-foresight.js';

describe('blended rate', () => {
  it('without history is the window’s', () => {
    expect(blendedPerHour(120)).toBe(120);
  });
  it('halves the window and the history scaled by how today tracks it', () => {
    // tracking 60 / 50 = 1.2: ½·120 + ½·(100·1.2) = 120
    expect(blendedPerHour(120, { nextPerHour: 100, expectedSoFar: 50, actualSoFar: 60 })).toBeCloseTo(120, 10);
    // today on track: ½·80 + ½·100 = 90
    expect(blendedPerHour(80, { nextPerHour: 100, expectedSoFar: 40, actualSoFar: 40 })).toBe(90);
  });
  it('caps the tracking at ½ and 2, and takes it as 1 while fewer than 20 calls were expected', () => {
    expect(trackingRatio(100, 500)).toBe(2);
    expect(trackingRatio(100, 10)).toBe(0.5);
    expect(trackingRatio(19, 60)).toBe(1);
    expect(trackingRatio(0, 0)).toBe(1);
  });
});

describe('N1 trend', () => {
  const base = { answered: 100, answeredInLimit: 97, warnBelow: 0.95, arrivalsPerMin: 2, serviceLevel: 0.5, pAbandon: 0 };
  it('is when the share (I + a·p·t)/(A + a·t) reaches the warn limit, in whole minutes up', () => {
    // t = (97 − 95) / (2 · (0.95 − 0.5)) = 2.22 → 3; at 2 min 99/104 = 0.952, at 3 min 100/106 = 0.943
    expect(n1BreachInMin(base)).toBe(3);
    // abandons: a = 1.6 answered a minute, p = 0.5/0.8 = 0.625: t = 2 / (1.6 · 0.325) = 3.85 → 4
    expect(n1BreachInMin({ ...base, pAbandon: 0.2 })).toBe(4);
  });
  it('says nothing when N1 is already below its limit, the level now would hold it, or it is beyond 2 hours', () => {
    expect(n1BreachInMin({ ...base, answeredInLimit: 90 })).toBeUndefined();
    expect(n1BreachInMin({ ...base, serviceLevel: 0.96 })).toBeUndefined();
    expect(n1BreachInMin({ ...base, answered: 10_000, answeredInLimit: 9_800 })).toBeUndefined();
    expect(n1BreachInMin({ ...base, answered: 0, answeredInLimit: 0 })).toBeUndefined();
    expect(n1BreachInMin({ ...base, arrivalsPerMin: 0 })).toBeUndefined();
  });
});

describe('queue foresight with history and the N1 trend', () => {
  // 60 calls in 30 min = 120 an hour, AHT 180 s: 6 Erlangs, about 9 operators for 95 % in 15 s
  const input: ForesightInput = {
    offeredInWindow: 60,
    windowMs: 30 * 60_000,
    today: { handleSumMs: 180_000 * 100, handleN: 100, waitSumMs: 0, abandoned: 0, abandonedShort: 0 },
    staffed: 6,
    waiting: 0,
    slSeconds: 15,
    slTarget: 0.95,
    asaTargetSec: 40,
    handleMinSeconds: 120,
    handleMaxSeconds: 420,
  };
  it('plans with the blended rate and keeps the window’s beside it', () => {
    const f = queueForesight({ ...input, history: { nextPerHour: 200, expectedSoFar: 100, actualSoFar: 100 } });
    expect(f.arrivalsPerHour).toBe(120);
    expect(f.plannedPerHour).toBe(160);
    expect(f.needed).toBeGreaterThan(queueForesight(input).needed);
    expect(queueForesight(input).plannedPerHour).toBeUndefined();
  });
  it('short-staffed, projects the N1 breach; fully staffed or without N1 figures, not', () => {
    const n1 = { answered: 100, answeredInLimit: 97, warnBelow: 0.95 };
    const short = queueForesight({ ...input, n1 });
    expect(short.short).toBeGreaterThan(0);
    expect(short.n1BreachInMin).toBeGreaterThanOrEqual(1);
    expect(short.n1BreachInMin).toBeLessThanOrEqual(120);
    expect(queueForesight({ ...input, n1, staffed: 30 }).n1BreachInMin).toBeUndefined();
    expect(queueForesight(input).n1BreachInMin).toBeUndefined();
  });
});
