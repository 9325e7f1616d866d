/**
 * How long a waiting caller — or one joining now — will wait for an operator (issue 16, item 2):
 * the queue-length-based estimator for the Markovian model with abandonment, Ibrahim & Whitt
 * (2009, "Real-time delay estimation in overloaded multiserver queues with abandonments",
 * their QL_m): a caller with j others ahead moves up each time an operator frees (n·μ) or one of
 * those ahead hangs up (i·θ), so its wait, if it stays, is a sum of exponential stages:
 *   E[W_j] = Σ_{i=0}^{j} 1 / (n·μ + i·θ),   Var[W_j] = Σ_{i=0}^{j} 1 / (n·μ + i·θ)²
 * The band is ±1 standard deviation (clipped at 0); without a known patience θ = 0 (the plain
 * (j+1)/(n·μ)). Pure; the caller passes operators answering now, AHT and patience.
 */

export interface WaitEstimate {
  /** expected seconds until an operator answers */
  expectedSec: number;
  lowSec: number;
  highSec: number;
}

export function predictedWait(ahead: number, operators: number, ahtSec: number, patienceSec = Infinity): WaitEstimate | null {
  // nobody to answer: no estimate rather than infinity on a screen
  if (operators <= 0 || ahtSec <= 0) return null;
  const nMu = operators / ahtSec;
  const theta = Number.isFinite(patienceSec) && patienceSec > 0 ? 1 / patienceSec : 0;
  let mean = 0;
  let variance = 0;
  for (let i = 0; i <= ahead; i++) {
    const r = nMu + i * theta;
    mean += 1 / r;
    variance += 1 / (r * r);
  }
  const sd = Math.sqrt(variance);
  return { expectedSec: mean, lowSec: Math.max(0, mean - sd), highSec: mean + sd };
}

/** The estimate in whole seconds, as screens and the API give it. */
export function wholeSecondsWait(w: WaitEstimate): WaitEstimate {
  return { expectedSec: Math.round(w.expectedSec), lowSec: Math.round(w.lowSec), highSec: Math.round(w.highSec) };
}
