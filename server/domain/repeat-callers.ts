/**
 * Issue 16: repeat callers — the same caller (the same number, else the same account) calling
 * two or more times within 24 hours. Each call with a caller number or account leaves a row in
 * the live table `callers` (keyed by call id: a number is never part of a Redis key); the state
 * build groups the rows of the last 24 hours here. Pure.
 */
import type { RepeatCaller } from '../../shared/snapshot.js';

export const REPEAT_WINDOW_MS = 24 * 3_600_000;

/** one call's row: where and when it came in, and who called */
export interface CallerRow {
  callId: string;
  queue: string;
  at: number;
  phone?: string;
  account?: string;
  /** an operator answered it */
  answered?: true;
}

/**
 * The same number written differently is the same caller: digits only, and a Russian trunk
 * prefix `8` of an 11-digit number read as `7` (8 914 … = +7 914 …).
 */
export function callerKey(r: Pick<CallerRow, 'phone' | 'account'>): string | undefined {
  const digits = r.phone?.replace(/\D/g, '') ?? '';
  if (digits.length >= 5) return `tel:${digits.length === 11 && digits.startsWith('8') ? `7${digits.slice(1)}` : digits}`;
  const account = r.account?.replace(/[\s-]/g, '').toLowerCase();
  return account ? `acc:${account}` : undefined;
}

export const callerRowExpired = (r: Pick<CallerRow, 'at'>, now: number) => now - r.at > REPEAT_WINDOW_MS;

/** callers with 2+ calls in the 24 hours to `now`, most calls first, and how many of them called each queue */
export function repeatCallers(rows: readonly CallerRow[], now: number): { list: RepeatCaller[]; perQueue: Map<string, number> } {
  const groups = new Map<string, CallerRow[]>();
  for (const r of rows) {
    if (callerRowExpired(r, now) || r.at > now) continue;
    const k = callerKey(r);
    if (!k) continue;
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  const list: RepeatCaller[] = [];
  const perQueue = new Map<string, number>();
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    g.sort((a, b) => a.at - b.at || a.callId.localeCompare(b.callId));
    const queues = [...new Set(g.map((r) => r.queue))].sort();
    for (const q of queues) perQueue.set(q, (perQueue.get(q) ?? 0) + 1);
    const phone = g.find((r) => r.phone)?.phone;
    const account = g.find((r) => r.account)?.account;
    list.push({ calls: g.length, firstAt: g[0]!.at, lastAt: g.at(-1)!.at, queues, callIds: g.map((r) => r.callId), client: { ...(phone ? { phone } : {}), ...(account ? { account } : {}) } });
  }
  list.sort((a, b) => b.calls - a.calls || b.lastAt - a.lastAt);
  return { list, perQueue };
}

/**
 * When the caller of each lost call got through on a later call (within the rows' 24 hours):
 * the console says so beside the entry, and whoever calls back knows it may be settled. Not a
 * closing: once the row is gone the hint goes, and a person marks the entry.
 */
export function servedAgain(rows: readonly CallerRow[]): (lost: { abandonedAt: number; client?: { phone?: string | undefined; account?: string | undefined } | undefined }) => number | undefined {
  const answeredBy = new Map<string, number[]>();
  for (const r of rows) {
    if (!r.answered) continue;
    const k = callerKey(r);
    if (!k) continue;
    const list = answeredBy.get(k);
    if (list) list.push(r.at);
    else answeredBy.set(k, [r.at]);
  }
  return (lost) => {
    const k = lost.client && callerKey(lost.client);
    const times = k ? answeredBy.get(k) : undefined;
    const later = times?.filter((t) => t > lost.abandonedAt);
    return later?.length ? Math.min(...later) : undefined;
  };
}
