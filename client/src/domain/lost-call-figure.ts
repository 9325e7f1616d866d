/**
 * Issue 16: the wall's figure of lost callers to call back — how many, since when the oldest
 * waits, and the worst state, ticked on between updates with the server's own rule
 * (shared/lost-calls.ts) and each site's target. Never a number or an account: walls get none. Pure.
 */
import { lostCallState, worstLostCallState, type LostCallState } from '@shared/lost-calls.js';
import { NORM_DEFAULTS } from '@shared/norm-defaults.js';
import type { SiteState } from '@shared/snapshot.js';
import type { Level } from './kpi-display.js';

export interface LostCallFigure {
  count: number;
  overdue: number;
  /** when the oldest was lost; null when there is none */
  oldestAt: number | null;
  state: LostCallState;
  level: Level;
}

const LEVEL: Readonly<Record<LostCallState, Level>> = { ok: 'ok', due_soon: 'warn', overdue: 'alarm' };

export function lostCallFigure(sites: readonly SiteState[], now: number, inLayout: (queue: string) => boolean = () => true): LostCallFigure {
  let count = 0;
  let overdue = 0;
  let oldestAt: number | null = null;
  const states: LostCallState[] = [];
  for (const s of sites) {
    const targetMs = (s.norms.lostCallTargetMinutes ?? NORM_DEFAULTS.lostCallTargetMinutes) * 60_000;
    for (const l of s.lostCalls ?? []) {
      if (!inLayout(l.queue)) continue;
      count += 1;
      const state = l.dueAt !== undefined ? lostCallState(l.dueAt, targetMs, now) : (l.state ?? 'ok');
      if (state === 'overdue') overdue += 1;
      states.push(state);
      if (oldestAt === null || l.abandonedAt < oldestAt) oldestAt = l.abandonedAt;
    }
  }
  const state = worstLostCallState(states);
  return { count, overdue, oldestAt, state, level: LEVEL[state] };
}
