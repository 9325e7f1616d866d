/**
 * What one entity (a call, an appeal, a conflict, an agent) contributes to the dashboard,
 * as a pure function of the set of its events. Storing the last contribution and applying
 * only the difference is what makes out-of-order arrival converge: the final contribution
 * depends on the set of events, never on the order they came in.
 */
/** the tables a dashboard snapshot reads */
/** `callers` (issue 16): one row per call with a caller number or account, for repeat callers (server/domain/repeat-callers.ts) */
export type SnapshotTable = 'calls' | 'agents' | 'callbacks' | 'appeals' | 'conflicts' | 'lostCalls' | 'callers' | 'incidents';
/** plus the console's history of resolved escalations, which snapshots do not read */
export type LiveTable = SnapshotTable | 'conflictsResolved';
export const LIVE_TABLES: SnapshotTable[] = ['calls', 'agents', 'callbacks', 'appeals', 'conflicts', 'lostCalls', 'callers', 'incidents'];

export interface Derived {
  /** `${bucketStartMs}|${field}` → value */
  counters: Record<string, number>;
  /** `${table}|${field}` → JSON value */
  live: Record<string, string>;
  /** closed entities expire sooner (only late duplicates can still arrive) */
  closed: boolean;
}

export const EMPTY_DERIVED: Derived = Object.freeze({ counters: {}, live: {}, closed: false });

export interface CounterDelta {
  bucket: number;
  field: string;
  by: number;
}
export interface LiveSet {
  table: LiveTable;
  field: string;
  value: string;
}
export interface LiveDel {
  table: LiveTable;
  field: string;
}
export interface DerivedDiff {
  counters: CounterDelta[];
  liveSet: LiveSet[];
  liveDel: LiveDel[];
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf('|');
  return [key.slice(0, i), key.slice(i + 1)];
}

export function diffDerived(before: Derived, after: Derived): DerivedDiff {
  const counters: CounterDelta[] = [];
  const keys = new Set([...Object.keys(before.counters), ...Object.keys(after.counters)]);
  for (const k of keys) {
    const by = (after.counters[k] ?? 0) - (before.counters[k] ?? 0);
    if (by === 0) continue;
    const [bucket, field] = splitKey(k);
    counters.push({ bucket: Number(bucket), field, by });
  }
  const liveSet: LiveSet[] = [];
  const liveDel: LiveDel[] = [];
  for (const [k, value] of Object.entries(after.live)) {
    if (before.live[k] === value) continue;
    const [table, field] = splitKey(k);
    liveSet.push({ table: table as LiveTable, field, value });
  }
  for (const k of Object.keys(before.live)) {
    if (k in after.live) continue;
    const [table, field] = splitKey(k);
    liveDel.push({ table: table as LiveTable, field });
  }
  return { counters, liveSet, liveDel };
}

/** Accumulates one entity's contribution; keeps counter keys in one format. */
export class DerivedBuilder {
  readonly counters: Record<string, number> = {};
  readonly live: Record<string, string> = {};

  count(bucket: number, field: string, by = 1): void {
    if (by === 0) return;
    const k = `${bucket}|${field}`;
    this.counters[k] = (this.counters[k] ?? 0) + by;
  }

  show(table: LiveTable, field: string, value: unknown): void {
    this.live[`${table}|${field}`] = JSON.stringify(value);
  }

  build(closed: boolean): Derived {
    return { counters: this.counters, live: this.live, closed };
  }
}
