/**
 * How many operators a queue needs now to hold its norms (issue 16): the fewest n whose Erlang A
 * figures meet both the service-level target — N1, answered within the ring limit (3 rings = 15 s)
 * for the share the site's target asks — and N2, the average wait to a specialist within 40 s;
 * Erlang C (no abandonment) where no patience is known yet, and the square-root rule beside it
 * as a check. Both targets only get easier with more operators, so n is found by bisection.
 * Pure; docs/kpis.md, "Staff needed".
 */
import { erlangA, type QueueFigures } from './erlang-a.js';
import { squareRootStaffing } from './square-root-staffing.js';

export interface StaffingInput {
  /** arrivals per second expected over the next interval */
  lambda: number;
  ahtSec: number;
  /** mean patience estimated from today's abandons; Infinity or absent: Erlang C */
  patienceSec?: number;
  /** answered within this many seconds (N1: rings × ring length) … */
  slSeconds: number;
  /** … for at least this share */
  slTarget: number;
  /** N2: the average wait, at most this (seconds) */
  asaTargetSec: number;
}

export interface StaffingAnswer {
  /** operators needed to meet both targets */
  needed: number;
  /** … the service level alone, and the average wait alone */
  forServiceLevel: number;
  forAsa: number;
  /** the square-root rule's figure (a check: within a few of `needed`) */
  squareRoot: number;
  model: 'erlang-a' | 'erlang-c';
  /** the queue's figures with `needed` operators */
  atNeeded: { serviceLevel: number; asaSec: number; pAbandon: number };
}

const MAX_OPERATORS = 10_000;
/**
 * Erlang A's exact computation grows with the load and with how fast operators free up; beyond
 * these — far outside a real queue (hundreds of Erlangs, calls of seconds), as only synthetic load
 * makes — Erlang C's closed form answers (within a few operators, on the safe side).
 */
const ERLANG_A_MAX_LOAD = 500;
const ERLANG_A_MIN_SECONDS = 10;

/** The fewest n in 1…MAX_OPERATORS that meets; MAX_OPERATORS when none does (a load no centre has: a broken counter). */
function fewest(meets: (n: number) => boolean, upper: number): number {
  let lo = 1;
  let hi = Math.min(MAX_OPERATORS, Math.max(1, upper));
  while (!meets(hi)) {
    if (hi >= MAX_OPERATORS) return MAX_OPERATORS;
    hi = Math.min(MAX_OPERATORS, hi * 2);
  }
  if (meets(1)) return 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (meets(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

export function staffNeeded(i: StaffingInput): StaffingAnswer {
  const load = i.lambda * i.ahtSec;
  const exactA = load <= ERLANG_A_MAX_LOAD && i.ahtSec >= ERLANG_A_MIN_SECONDS && (i.patienceSec ?? 0) >= ERLANG_A_MIN_SECONDS;
  const patienceSec = exactA && i.patienceSec !== undefined && Number.isFinite(i.patienceSec) ? i.patienceSec : Infinity;
  const model = patienceSec === Infinity ? 'erlang-c' : 'erlang-a';
  if (!(load > 0)) return { needed: 0, forServiceLevel: 0, forAsa: 0, squareRoot: 0, model, atNeeded: { serviceLevel: 1, asaSec: 0, pAbandon: 0 } };
  const cache = new Map<number, QueueFigures>();
  const at = (n: number) => {
    let f = cache.get(n);
    if (!f) cache.set(n, (f = erlangA({ lambda: i.lambda, ahtSec: i.ahtSec, patienceSec, n })));
    return f;
  };
  const guess = Math.ceil(load + 3 * Math.sqrt(load) + 2);
  const forServiceLevel = fewest((n) => at(n).serviceLevel(i.slSeconds) >= i.slTarget, guess);
  const forAsa = fewest((n) => at(n).asaSec <= i.asaTargetSec, guess);
  const needed = Math.max(forServiceLevel, forAsa);
  const f = at(needed);
  return {
    needed,
    forServiceLevel,
    forAsa,
    squareRoot: Math.min(MAX_OPERATORS, squareRootStaffing(load, 1 - i.slTarget)),
    model,
    atNeeded: { serviceLevel: f.serviceLevel(i.slSeconds), asaSec: f.asaSec, pAbandon: f.pAbandon },
  };
}
