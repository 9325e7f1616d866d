/**
 * The square-root staffing rule (Halfin & Whitt 1981), Obzor's check on the exact models:
 * n ≈ A + β·√A, where β is the quality-of-service parameter whose Halfin–Whitt delay probability
 *   α(β) = [1 + β·Φ(β) / φ(β)]^(−1)
 * equals the share of callers allowed to wait at all (1 − the service-level target: answering at
 * once is the stricter reading, so the rule errs towards one operator more). Pure.
 */

const SQRT_2PI = Math.sqrt(2 * Math.PI);

export const normalPdf = (x: number) => Math.exp((-x * x) / 2) / SQRT_2PI;

/** Φ by Abramowitz & Stegun 26.2.17 (|error| < 7.5e−8). */
export function normalCdf(x: number): number {
  if (x < 0) return 1 - normalCdf(-x);
  const k = 1 / (1 + 0.2316419 * x);
  const poly = k * (0.31938153 + k * (-0.356563782 + k * (1.781477937 + k * (-1.821255978 + k * 1.330274429))));
  return 1 - normalPdf(x) * poly;
}

export const halfinWhittDelay = (beta: number) => 1 / (1 + (beta * normalCdf(beta)) / normalPdf(beta));

/** β with α(β) = `delayShare` (α falls from 1 at β = 0 towards 0), by bisection. */
export function betaFor(delayShare: number): number {
  if (delayShare >= 1) return 0;
  let lo = 0;
  let hi = 10;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (halfinWhittDelay(mid) > delayShare) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export function squareRootStaffing(load: number, delayShare: number): number {
  if (load <= 0) return 0;
  return Math.ceil(load + betaFor(delayShare) * Math.sqrt(load));
}
