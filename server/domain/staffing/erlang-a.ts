/**
 * Erlang A (M/M/n+M, Palm 1946; Garnett, Mandelbaum & Reiman 2002): Poisson arrivals λ, exponential
 * handling 1/μ = AHT, `n` operators, and callers who hang up after an exponential patience 1/θ —
 * the model that fits a hotline on an outage day, where Erlang C (θ = 0) wildly overstates the wait.
 *
 * Computed exactly from its birth–death chain instead of the incomplete-gamma closed form: state k
 * callers in the system, up λ, down μ·min(k, n) + θ·max(k − n, 0); the stationary π_k are summed
 * until they vanish (1e−14 of the mass). Then (PASTA: an arrival sees π):
 *   P(wait)    = Σ_{k≥n} π_k
 *   P(abandon) = θ · E[queue] / λ
 *   ASA        = E[queue] / λ   (Little's law; the mean wait of all callers, the abandoning included)
 *   SL(t)      = P(served within t): an arrival that finds j = k − n waiting ahead reaches an
 *                operator after j+1 stages of rates nμ + iθ (i = j … 0: a service or an abandon
 *                ahead moves it up) and is served within t if that comes before t and before its
 *                own patience; computed by uniformisation (docs/kpis.md, "Staff needed").
 * Pure. `patienceSec` = Infinity gives Erlang C.
 */
import { erlangC, erlangCAsa, erlangCServiceLevel } from './erlang-c.js';

export interface QueueModel {
  /** arrivals per second */
  lambda: number;
  /** average handling time, seconds (talk + after-call work) */
  ahtSec: number;
  /** average patience of a waiting caller, seconds; Infinity: nobody hangs up (Erlang C) */
  patienceSec: number;
  /** operators answering */
  n: number;
}

export interface QueueFigures {
  pWait: number;
  pAbandon: number;
  /** mean wait of all arrivals, seconds */
  asaSec: number;
  /** share of arrivals answered within `t` */
  serviceLevel(t: number): number;
}

const MASS_EPS = 1e-14;
const MAX_STATES = 200_000;

/** The stationary distribution over k = 0, 1, … (normalised), truncated where it vanishes. */
function stationary(m: QueueModel): number[] {
  const mu = 1 / m.ahtSec;
  const theta = 1 / m.patienceSec;
  // unnormalised terms, rescaled before they overflow (a load of hundreds of Erlangs)
  const p: number[] = [1];
  let sum = 1;
  for (let k = 1; k < MAX_STATES; k++) {
    const down = mu * Math.min(k, m.n) + theta * Math.max(k - m.n, 0);
    const v = (p[k - 1]! * m.lambda) / down;
    p.push(v);
    sum += v;
    if (k > m.n && v < MASS_EPS * sum) break;
    // rescale before overflow
    if (v > 1e250) {
      for (let i = 0; i < p.length; i++) p[i]! /= 1e250;
      sum /= 1e250;
    }
  }
  return p.map((v) => v / sum);
}

/**
 * P(served within t) of an arrival that finds `ahead[j]` = P(j callers waiting before it): an
 * absorbing chain over "j ahead" (j → j−1 at nμ + jθ, 0 → served at nμ, every state → gone at θ),
 * run once for the whole distribution by uniformisation (Poisson weights of Λt, Λ the fastest exit).
 */
function servedWithin(ahead: readonly number[], n: number, mu: number, theta: number, t: number): number {
  const top = ahead.length - 1;
  const Lambda = n * mu + top * theta + theta;
  const lt = Lambda * t;
  let state = Float64Array.from(ahead);
  let served = 0;
  let weight = Math.exp(-lt);
  let cumulative = weight;
  let result = 0;
  for (let step = 1; step < 1_000_000 && cumulative < 1 - 1e-12; step++) {
    const next = new Float64Array(ahead.length);
    for (let j = 0; j <= top; j++) {
      const s = state[j]!;
      if (s === 0) continue;
      const move = (n * mu + j * theta) / Lambda;
      next[j] = next[j]! + s * (1 - move - theta / Lambda);
      if (j === 0) served += s * move;
      else next[j - 1] = next[j - 1]! + s * move;
    }
    state = next;
    weight *= lt / step;
    cumulative += weight;
    result += served * weight;
  }
  return result;
}

export function erlangA(m: QueueModel): QueueFigures {
  if (m.lambda <= 0) return { pWait: 0, pAbandon: 0, asaSec: 0, serviceLevel: () => 1 };
  const load = m.lambda * m.ahtSec;
  if (!Number.isFinite(m.patienceSec)) {
    return { pWait: erlangC(m.n, load), pAbandon: 0, asaSec: erlangCAsa(m.n, load, m.ahtSec), serviceLevel: (t) => erlangCServiceLevel(m.n, load, m.ahtSec, t) };
  }
  const pi = stationary(m);
  let pWait = 0;
  let queue = 0;
  for (let k = m.n; k < pi.length; k++) {
    pWait += pi[k]!;
    queue += (k - m.n) * pi[k]!;
  }
  const mu = 1 / m.ahtSec;
  const theta = 1 / m.patienceSec;
  return {
    pWait,
    pAbandon: (theta * queue) / m.lambda,
    asaSec: queue / m.lambda,
    serviceLevel(t: number) {
      // answered at once, or after a wait of at most t
      let sl = 0;
      for (let k = 0; k < m.n && k < pi.length; k++) sl += pi[k]!;
      return sl + servedWithin(pi.slice(m.n), m.n, mu, theta, t);
    },
  };
}
