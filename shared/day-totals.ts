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

/** field by field, the sum of several totals (a field an older reader's totals lack counts 0) */
export function sumTotals(list: readonly Partial<Totals>[]): Totals {
  const out = emptyTotals();
  for (const t of list) for (const f of TOTALS_FIELDS) out[f] += t[f] ?? 0;
  return out;
}
