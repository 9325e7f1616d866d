/**
 * The wall's queue rows for a real centre: one row per queue of each shown site (a multi-site
 * wall says which site), the worst first — breach, then attention, each by how far past its
 * limit the longest wait is, then by callers waiting — and, when there are more rows than fit,
 * the quiet ones (nobody waiting, in the norm) folded into one "N more queues in the norm".
 * Statuses are the server's (the longest-wait KPI judged by the site's thresholds, ticked on).
 */
import type { Kpi } from '@shared/kpi.js';
import { kpiAt } from '@shared/kpi-rules.js';
import type { QueueState, SiteState } from '@shared/snapshot.js';
import { LEVEL_RANK, levelOf, type Level } from './kpi-display.js';
import { longestWaitMs } from './site-totals.js';
import { wholeSeconds } from '@shared/whole-seconds.js';

export interface QueueRow {
  site: string;
  queue: string;
  waiting: number;
  ringing: number;
  longestWaitMs: number | undefined;
  level: Level;
  /** how far past its limit: longest wait ÷ the threshold of its level (0 when in the norm) */
  past: number;
  /** the server's N1 trend (issue 16): short-staffed, N1 falls below its warn limit in about this many minutes */
  n1BreachInMin?: number;
}


function pastLimit(k: Kpi | undefined, level: Level): number {
  if (!k || k.value === null || level === 'ok') return 0;
  const limit = level === 'alarm' ? k.thresholds.alertAbove : k.thresholds.warnAbove;
  return limit && limit > 0 ? k.value / limit : 1;
}

export function queueRows(sites: readonly Pick<SiteState, 'site' | 'queues'>[], now: number): QueueRow[] {
  const rows: QueueRow[] = [];
  for (const s of sites) {
    for (const q of s.queues as readonly QueueState[]) {
      const ms = longestWaitMs(q, now);
      const k = q.kpis.longestWait && kpiAt(q.kpis.longestWait, wholeSeconds(ms ?? 0));
      const level = levelOf(k?.status);
      const breach = q.foresight?.n1BreachInMin;
      rows.push({ site: s.site, queue: q.queue, waiting: q.waiting, ringing: q.ringing, longestWaitMs: ms, level, past: pastLimit(k, level), ...(breach !== undefined ? { n1BreachInMin: breach } : {}) });
    }
  }
  return rows.sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level] || b.past - a.past || b.waiting - a.waiting || (b.longestWaitMs ?? 0) - (a.longestWaitMs ?? 0) || a.site.localeCompare(b.site) || a.queue.localeCompare(b.queue));
}

/** a row nobody needs to look at: no caller, no ring, in the norm, no N1 breach coming */
export const isQuiet = (r: QueueRow) => r.level === 'ok' && r.waiting === 0 && r.ringing === 0 && r.n1BreachInMin === undefined;

export interface FittedRows {
  rows: QueueRow[];
  /** quiet rows folded into one line */
  quiet: number;
  /** rows that are not quiet but are not on this page, and how many callers wait in them */
  hidden: number;
  hiddenWaiting: number;
  /** pages of the busy rows that are not breaches (1: no paging), and which one this is (0-based) */
  pages: number;
  page: number;
}

/** the room a tile has, and what a row and a folded line take of it (any one unit, e.g. the wall's) */
export interface RowRoom {
  room: number;
  row: number;
  fold: number;
}

/**
 * As many rows as the room holds, a folded line taking `fold` of it. The worst rows come first,
 * so a breach is never the one left out while a calmer row is shown. When the busy rows do not
 * fit, the breaches stay on every page and the rest turn in pages (`page` picks one) — but only
 * while the breaches leave room for at least one more row; else the worst that fit, and the count
 * of the rest.
 */
export function fitRows(sorted: readonly QueueRow[], space: RowRoom, page = 0): FittedRows {
  const one = { pages: 1, page: 0 };
  const rowsIn = (room: number) => Math.max(0, Math.floor(room / space.row + 1e-9));
  if (sorted.length <= rowsIn(space.room)) return { rows: [...sorted], quiet: 0, hidden: 0, hiddenWaiting: 0, ...one };
  const busy = sorted.filter((r) => !isQuiet(r));
  const quiet = sorted.length - busy.length;
  const afterQuiet = space.room - (quiet > 0 ? space.fold : 0);
  if (busy.length <= rowsIn(afterQuiet)) return { rows: busy, quiet, hidden: 0, hiddenWaiting: 0, ...one };
  // one more folded line says what is not on screen
  const room = Math.max(1, rowsIn(afterQuiet - space.fold));
  const breaches = busy.filter((r) => r.level === 'alarm');
  const rest = busy.filter((r) => r.level !== 'alarm');
  const perPage = room - breaches.length;
  if (perPage < 1) {
    const off = busy.slice(room);
    return { rows: busy.slice(0, room), quiet, hidden: off.length, hiddenWaiting: off.reduce((n, r) => n + r.waiting, 0), ...one };
  }
  const pages = Math.ceil(rest.length / perPage);
  const k = ((page % pages) + pages) % pages;
  const shown = rest.slice(k * perPage, (k + 1) * perPage);
  const off = rest.filter((r) => !shown.includes(r));
  return { rows: [...breaches, ...shown], quiet, hidden: off.length, hiddenWaiting: off.reduce((n, r) => n + r.waiting, 0), pages, page: k };
}
