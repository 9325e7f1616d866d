/**
 * Has a surge of calls begun (issue 16, item 3)? The calls of the last window (10 min) against
 * what this weekday and time usually bring: a one-sided Poisson tail test — it fires when seeing
 * so many calls at the expected rate has probability below `alpha` — and only when the ratio is
 * large enough to matter on a wall (a quiet queue going from 1 to 4 calls is not an outage).
 * Run every minute per queue on two windows (about 20,000 tests a week), alpha = 1e−5 keeps false
 * alarms on normal days below one a week even with a baseline of four past weeks' medians
 * (docs/kpis.md, "Surge"; tests/unit/foresight-simulation.test.ts counts them). The expected rate is
 * a robust baseline: the median of the same weekday and time of past weeks, so last month's outage
 * does not raise the bar. Pure.
 */

/** ln P(X ≥ k) for X ~ Poisson(μ), summed in log space (k up to thousands). */
export function logPoissonTail(k: number, mu: number): number {
  if (k <= 0) return 0;
  if (mu <= 0) return -Infinity;
  // terms from k upwards until they vanish; start at ln P(X = k)
  let logTerm = k * Math.log(mu) - mu - logFactorial(k);
  let logSum = logTerm;
  for (let i = k + 1; i < k + 10_000; i++) {
    logTerm += Math.log(mu / i);
    const next = logAdd(logSum, logTerm);
    if (next - logSum < 1e-15) break;
    logSum = next;
  }
  return Math.min(0, logSum);
}

function logAdd(a: number, b: number): number {
  const hi = Math.max(a, b);
  return hi + Math.log(Math.exp(a - hi) + Math.exp(b - hi));
}

const LOG_FACTORIALS: number[] = [0];
function logFactorial(n: number): number {
  for (let i = LOG_FACTORIALS.length; i <= n; i++) LOG_FACTORIALS.push(LOG_FACTORIALS[i - 1]! + Math.log(i));
  return LOG_FACTORIALS[n]!;
}

/** The median of past rates (the same weekday and time, a week apart); undefined without history. */
export function robustBaseline(pastCounts: readonly number[]): number | undefined {
  if (!pastCounts.length) return undefined;
  const s = [...pastCounts].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface SurgeRule {
  /** tail probability below which it fires */
  alpha: number;
  /** and calls at least this many times the expected */
  minRatio: number;
  /** and at least this many calls in the window */
  minCalls: number;
  /** the expected count is never taken below this (a queue with no history still needs a bar) */
  floorExpected: number;
}

export const DEFAULT_SURGE_RULE: SurgeRule = { alpha: 1e-5, minRatio: 1.8, minCalls: 8, floorExpected: 1 };

export interface SurgeVerdict {
  surge: boolean;
  /** observed ÷ expected over the window */
  ratio: number;
  /** P(at least this many | the expected rate) */
  pValue: number;
}

export function surgeTest(observed: number, expected: number, rule: SurgeRule = DEFAULT_SURGE_RULE): SurgeVerdict {
  const mu = Math.max(expected, rule.floorExpected);
  const pValue = Math.exp(logPoissonTail(observed, mu));
  const ratio = observed / mu;
  return { surge: pValue < rule.alpha && ratio >= rule.minRatio && observed >= rule.minCalls, ratio, pValue };
}
