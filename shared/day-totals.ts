/**
 * Today's totals with every field at zero: the DayTotals fields of the counter table
 * (shared/counters.ts), used by the server's counter sums and by screens that add several
 * sites together. No zod here: the client imports it.
 */
import { TOTALS_FIELDS, type Totals } from './counters.js';

export type { Totals };

export function emptyTotals(): Totals {
  return Object.fromEntries(TOTALS_FIELDS.map((f) => [f, 0])) as Totals;
}
