/** Today's KPIs from the raw running totals (N1, N2). */
import type { DayTotals } from '@shared/snapshot.js';

/** N1: share of answered calls answered within the ring limit, 0…1; null before the first answer. */
export function answeredIn3RingsShare(t: DayTotals): number | null {
  return t.answered > 0 ? Math.min(1, t.answeredIn3Rings / t.answered) : null;
}

/** N2: average time from entering the queue to reaching a specialist, ms; null without data. */
export function averageConnectMs(t: DayTotals): number | null {
  return t.connectN > 0 ? t.connectSumMs / t.connectN : null;
}

