/**
 * One queue's foresight now (issue 16): the arrival rate of the last half hour, today's handling
 * time and the callers' patience, and from them the operators the next interval needs to hold N1
 * (answered within the ring limit, for the share its target asks) and N2 (40 s on average), against
 * those answering now; and how long a caller joining now will wait. Pure; the state builder passes
 * the counters and the live tables (docs/kpis.md, "Foresight").
 *
 * Estimators, stated:
 * - arrival rate: calls offered in the current and the previous 15-minute bucket ÷ the time they
 *   cover (15 min + the part of the current one gone by), a sliding 15–30 min window; with the
 *   same weekday's history, blended with its next 15 minutes (forecast/arrival-blend.ts);
 * - AHT: today's answer → end average (N3); before the first call, the middle of the N3 band;
 * - patience: exponential, by its maximum-likelihood estimate under censoring (Brown et al. 2005):
 *   abandons ÷ the time all of today's callers waited (the answered waited until answered, the
 *   abandoned until they hung up); unknown (Erlang C) before the first abandon.
 */
import type { QueueForesight } from '../../../shared/snapshot.js';
import type { Totals } from '../day-totals.js';
import { predictedWait, wholeSecondsWait } from './predicted-wait.js';
import { staffNeeded, type StaffingAnswer, type StaffingInput } from './staff-needed.js';
import { erlangA } from './erlang-a.js';
import { blendedPerHour, type HistoryRate } from '../forecast/arrival-blend.js';
import { n1BreachInMin } from '../forecast/n1-breach.js';

export interface ForesightInput {
  /** calls offered to the queue in the window (the previous and the current 15-minute bucket of today) */
  offeredInWindow: number;
  /** how long that window is, ms */
  windowMs: number;
  /** today's totals of the queue */
  today: Pick<Totals, 'handleSumMs' | 'handleN' | 'waitSumMs' | 'abandoned' | 'abandonedShort'> & { abandonWaitSumMs?: number };
  /** operators of the queue answering now (logged in, not paused) */
  staffed: number;
  /** callers waiting in the queue now (a caller joining now has them all ahead) */
  waiting: number;
  /** N1: the ring limit in seconds (rings × ring length) and the share to answer within it */
  slSeconds: number;
  slTarget: number;
  /** N2 */
  asaTargetSec: number;
  /** N3 band, for the AHT before the day's first call */
  handleMinSeconds: number;
  handleMaxSeconds: number;
  /** the same weekday's history, when there is any */
  history?: HistoryRate;
  /** N1 today: answered, of them within the ring limit, and the KPI's warn limit (absent: no trend) */
  n1?: { answered: number; answeredInLimit: number; warnBelow: number };
}

// The state is built on every push (up to ~7 a second per site); the staffing answer changes with
// its inputs, which move once a minute at most (the window is counted in whole minutes, times in
// whole seconds): remembered by them, it is computed about once a minute per queue.
const ANSWERS = new Map<string, StaffingAnswer>();
const ANSWERS_MAX = 2_000;

function remembered(input: StaffingInput): StaffingAnswer {
  const key = `${input.lambda}|${input.ahtSec}|${input.patienceSec ?? ''}|${input.slSeconds}|${input.slTarget}|${input.asaTargetSec}`;
  let a = ANSWERS.get(key);
  if (!a) {
    if (ANSWERS.size >= ANSWERS_MAX) ANSWERS.clear();
    ANSWERS.set(key, (a = staffNeeded(input)));
  }
  return a;
}

/** Short by none: ok; short, yet ≥ 80 % of the need answering (one break too many): warn; fewer: alert. */
export function staffingStatus(needed: number, staffed: number): QueueForesight['status'] {
  if (staffed >= needed) return 'ok';
  return staffed >= 0.8 * needed ? 'warn' : 'alert';
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The service level and abandon share of the operators answering now, remembered like the staffing answers. */
const AT_STAFFED = new Map<string, { serviceLevel: number; pAbandon: number }>();
function atStaffed(lambda: number, ahtSec: number, patienceSec: number, n: number, slSeconds: number): { serviceLevel: number; pAbandon: number } {
  const key = `${lambda}|${ahtSec}|${patienceSec}|${n}|${slSeconds}`;
  let v = AT_STAFFED.get(key);
  if (!v) {
    const f = erlangA({ lambda, ahtSec, patienceSec, n });
    if (AT_STAFFED.size >= ANSWERS_MAX) AT_STAFFED.clear();
    AT_STAFFED.set(key, (v = { serviceLevel: f.serviceLevel(slSeconds), pAbandon: f.pAbandon }));
  }
  return v;
}

export function queueForesight(i: ForesightInput): QueueForesight {
  // whole minutes, one at least: the first seconds of a day say nothing about its rate
  const minutes = Math.max(1, Math.floor(i.windowMs / 60_000));
  const windowPerHour = round1((i.offeredInWindow / (minutes * 60)) * 3600);
  // rounded to 0.1 call an hour, so the remembered answers still serve between minutes
  const plannedPerHour = i.history ? round1(blendedPerHour(windowPerHour, i.history)) : windowPerHour;
  const lambda = plannedPerHour / 3600;
  const ahtSec = Math.round(i.today.handleN > 0 ? i.today.handleSumMs / i.today.handleN / 1000 : (i.handleMinSeconds + i.handleMaxSeconds) / 2);
  const abandons = i.today.abandoned - i.today.abandonedShort;
  const waitedSec = (i.today.waitSumMs + (i.today.abandonWaitSumMs ?? 0)) / 1000;
  const patienceSec = abandons > 0 && waitedSec > 0 ? Math.max(1, Math.round(waitedSec / abandons)) : undefined;
  const s = remembered({ lambda, ahtSec, ...(patienceSec !== undefined ? { patienceSec } : {}), slSeconds: i.slSeconds, slTarget: i.slTarget, asaTargetSec: i.asaTargetSec });
  const wait = predictedWait(i.waiting, i.staffed, ahtSec, patienceSec);
  const short = Math.max(0, s.needed - i.staffed);
  let breach: number | undefined;
  if (short > 0 && i.staffed > 0 && i.n1) {
    const at = atStaffed(lambda, ahtSec, s.model === 'erlang-a' && patienceSec !== undefined ? patienceSec : Infinity, i.staffed, i.slSeconds);
    breach = n1BreachInMin({ ...i.n1, arrivalsPerMin: lambda * 60, serviceLevel: at.serviceLevel, pAbandon: at.pAbandon });
  }
  return {
    arrivalsPerHour: windowPerHour,
    ahtSec,
    ...(patienceSec !== undefined ? { patienceSec } : {}),
    model: s.model,
    needed: s.needed,
    squareRoot: s.squareRoot,
    staffed: i.staffed,
    short,
    status: staffingStatus(s.needed, i.staffed),
    ...(wait ? { joinWait: wholeSecondsWait(wait) } : {}),
    ...(i.history ? { plannedPerHour } : {}),
    ...(breach !== undefined ? { n1BreachInMin: breach } : {}),
  };
}
