/**
 * Sums the raw 15-min counter fields into the totals the dashboard, the KPIs and the history
 * read, through the counter table (shared/counters.ts): each field's counter, by its name, adds
 * to the totals field of the same name, per queue and for the site; keyed and per-operator
 * counters also make their breakdowns.
 */
import { AGENT_COUNTERS, AGENT_KEYED_COUNTERS, COUNTERS, KEYED_COUNTERS, readCounterField, type AgentCounter, type AgentKeyedCounter, type KeyedCounter } from '../../shared/counters.js';
import { emptyTotals, type Totals } from '../../shared/day-totals.js';

export { emptyTotals, type Totals };

export interface SplitTotals {
  site: Totals;
  byQueue: Map<string, Totals>;
  /** per operator, of each counter kept per operator (N1: rings past the limit) */
  byAgent: Record<AgentCounter, Record<string, number>>;
  /** per key, of each keyed counter (N9: rejections per reason; N14: registrations per `channel:clientType`) */
  byKey: Record<KeyedCounter, Record<string, number>>;
  /** per operator and key, of each counter kept so (issue 17: pauses per reason); `byAgent` holds their sums over the keys */
  byAgentKey: Record<AgentKeyedCounter, Record<string, Record<string, number>>>;
}

/** keys are operator ids, reasons and channels from events: no prototype, so `__proto__` or `constructor` is just a key */
const tally = (): Record<string, number> => Object.create(null) as Record<string, number>;

const tallies = <N extends string>(names: readonly N[]) => Object.fromEntries(names.map((n) => [n, tally()])) as Record<N, Record<string, number>>;

const bump = (rec: Record<string, number>, key: string, n: number) => {
  rec[key] = (rec[key] ?? 0) + n;
};

/** `hashes` are the HGETALL replies of the counter buckets to sum. */
export function sumCounters(hashes: readonly Record<string, string>[]): SplitTotals {
  const out: SplitTotals = { site: emptyTotals(), byQueue: new Map(), byAgent: tallies(AGENT_COUNTERS), byKey: tallies(KEYED_COUNTERS), byAgentKey: Object.fromEntries(AGENT_KEYED_COUNTERS.map((n) => [n, Object.create(null)])) as SplitTotals['byAgentKey'] };
  for (const h of hashes) {
    for (const [field, raw] of Object.entries(h)) {
      const n = Number(raw);
      if (!Number.isFinite(n)) continue;
      const c = readCounterField(field);
      if (!c) continue;
      if (c.agentId !== undefined) {
        bump(out.byAgent[c.name as AgentCounter], c.agentId, n);
        if (c.key !== undefined) {
          const byAgent = out.byAgentKey[c.name as AgentKeyedCounter];
          bump((byAgent[c.agentId] ??= tally()), c.key, n);
        }
        continue;
      }
      if (c.key !== undefined) bump(out.byKey[c.name as KeyedCounter], c.key, n);
      if (COUNTERS[c.name].totals === false) continue;
      const name = c.name as keyof Totals;
      // `qv|`: a queue's own view of a call that moved between queues — the site counts the call once
      if (!c.visitOnly) out.site[name] += n;
      if (c.queue !== undefined) {
        let q = out.byQueue.get(c.queue);
        if (!q) out.byQueue.set(c.queue, (q = emptyTotals()));
        q[name] += n;
      }
    }
  }
  return out;
}
