/**
 * Today's totals with every field at zero: the one list of DayTotals fields, used by the server's
 * counter sums and by screens that add several sites together. No zod here: the client imports it.
 */
import type { DayTotals } from './snapshot.js';

/** DayTotals with every field present (the server always fills the optional ones). */
export type Totals = Required<DayTotals>;

export function emptyTotals(): Totals {
  return {
    offered: 0,
    answered: 0,
    abandoned: 0,
    abandonedShort: 0,
    answeredIn3Rings: 0,
    ringsPast3: 0,
    waitSumMs: 0,
    waitN: 0,
    connectSumMs: 0,
    connectN: 0,
    handleSumMs: 0,
    handleN: 0,
    callbacksPromised: 0,
    appealsRegistered: 0,
    conflictsRaised: 0,
    ended: 0,
    answeredInServiceLevel: 0,
    redirected: 0,
    refusedIdentification: 0,
    terminatedAbuse: 0,
    hotlineWhileClosed: 0,
    directWhileClosed: 0,
    appealsAnswered: 0,
    appealsAnsweredLate: 0,
    appealsRejected: 0,
    timedOut: 0,
  };
}
