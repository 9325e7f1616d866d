/**
 * "норма N1 будет нарушена примерно через N мин" (issue 16): when will today's N1 share — calls
 * answered within the ring limit ÷ calls answered — fall below its warn limit, if the queue goes
 * on as it is staffed now? The calls still to come are answered within the limit at the predicted
 * service level of the operators answering now (Erlang A/C at the blended rate), so the share
 * moves from its value now towards that level:
 *
 *   share(t) = (I + a·p·t) / (A + a·t)       A answered today, I of them within the limit,
 *                                             a = λ·(1 − P(abandon)) answers per minute,
 *                                             p = SL(limit) / (1 − P(abandon)) the answered's share within it
 *   share(t) = w  ⇔  t = (I − w·A) / (a·(w − p))
 *
 * Only while the share is at or above w now (below it N1 is already broken; the KPI says so), p
 * is below w (else the share never gets there), and within `horizonMin` (further out the trend
 * says little: staffing changes, the day's shape moves on). Pure; docs/kpis.md, "N1 trend".
 */

export const N1_HORIZON_MIN = 120;

export interface N1BreachInput {
  /** today so far */
  answered: number;
  answeredInLimit: number;
  /** the N1 KPI's warn limit (a share) */
  warnBelow: number;
  /** arrivals per minute expected */
  arrivalsPerMin: number;
  /** at the operators answering now: the share of arrivals answered within the limit, and abandoning */
  serviceLevel: number;
  pAbandon: number;
  horizonMin?: number;
}

/** Whole minutes until the share crosses the warn limit (at least 1), or undefined when it does not within the horizon. */
export function n1BreachInMin(i: N1BreachInput): number | undefined {
  const { answered: A, answeredInLimit: I, warnBelow: w } = i;
  if (!(A > 0) || I / A < w) return undefined;
  const answeredShare = 1 - Math.min(1, Math.max(0, i.pAbandon));
  const a = i.arrivalsPerMin * answeredShare;
  if (!(a > 0)) return undefined;
  const p = Math.min(1, Math.max(0, i.serviceLevel) / answeredShare);
  if (p >= w) return undefined;
  const t = (I - w * A) / (a * (w - p));
  const minutes = Math.max(1, Math.ceil(t));
  return minutes <= (i.horizonMin ?? N1_HORIZON_MIN) ? minutes : undefined;
}
