/**
 * Erlang C (M/M/n, no abandonment): the classical staffing model, and the limit of Erlang A when
 * callers never hang up. `load` is the offered load in Erlangs, A = λ · AHT; `n` operators.
 * Formulas (docs/kpis.md, "Staff needed"):
 *   Erlang B by its recursion  B(0) = 1,  B(k) = A·B(k−1) / (k + A·B(k−1))   (stable for any n)
 *   P(wait) = C(n, A) = n·B(n) / (n − A·(1 − B(n)))                         (n > A, else 1)
 *   SL(t)   = 1 − C · e^(−(n − A)·t / AHT)
 *   ASA     = C · AHT / (n − A)
 * Pure.
 */

export function erlangB(n: number, load: number): number {
  let b = 1;
  for (let k = 1; k <= n; k++) b = (load * b) / (k + load * b);
  return b;
}

/** The probability that a caller waits at all (infinite queue: 1 when the load is n or more). */
export function erlangC(n: number, load: number): number {
  if (load <= 0) return 0;
  if (n <= load) return 1;
  const b = erlangB(n, load);
  return (n * b) / (n - load * (1 - b));
}

/** The share of callers answered within `t` seconds. */
export function erlangCServiceLevel(n: number, load: number, ahtSec: number, t: number): number {
  if (load <= 0) return 1;
  if (n <= load) return 0;
  return 1 - erlangC(n, load) * Math.exp((-(n - load) * t) / ahtSec);
}

/** The average speed of answer, seconds (Infinity when the load is n or more). */
export function erlangCAsa(n: number, load: number, ahtSec: number): number {
  if (load <= 0) return 0;
  if (n <= load) return Infinity;
  return (erlangC(n, load) * ahtSec) / (n - load);
}
