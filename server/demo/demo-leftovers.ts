/**
 * What an earlier demo run left open when its process ended without closing it (a crash, a
 * kill): calls still waiting or ringing on the wall ("36-й гудок"), calls in progress, open
 * conflicts, promised callbacks and appeals. Calls are closed through normal events (dropped,
 * or ended as `reconciled`); conflicts, callbacks and appeals are business that outlives a
 * restart, so the new run takes them over and settles them as its own. Only ids with the
 * demo's prefix are touched: real data on the same site is never closed. Pure.
 */
import type { ObzorEvent } from '../../shared/events.js';
import type { SiteState } from '../../shared/snapshot.js';
import { DEMO_ID_PREFIX, type TakenOver } from './call-centre-sim.js';

/** one site's open entities, as the live tables hold them, plus the demo's own list of calls in progress */
export interface SiteLeftovers {
  site: string;
  live: Pick<SiteState, 'calls' | 'conflicts' | 'callbacks' | 'appeals'>;
  /** calls the demo had in progress when it last wrote its journal (answered ones are not in the live tables) */
  journal: readonly { callId: string; answered: boolean }[];
}

export interface Closing {
  /** to post through the ingest, before the new run's own events */
  events: ObzorEvent[];
  /** for the new run of that site to settle (CallCentreSim.takeOver) */
  takeOver: TakenOver;
}

/**
 * The events that close the calls a run left open, at `at` (when it was last heard from), and
 * what the next run takes over. Event ids derive from the entity's id, so closing the same
 * leftovers twice (a start that failed half-way) is applied once.
 */
export function closeLeftovers(left: SiteLeftovers, at: number, prefix = DEMO_ID_PREFIX): Closing {
  const ours = (id: string) => id.startsWith(prefix);
  const stamp = new Date(at).toISOString();
  const base = (id: string) => ({ id: `${prefix}close-${id}`.slice(0, 128), at: stamp, site: left.site });
  const events: ObzorEvent[] = [];
  const waiting = new Set(left.live.calls.filter((c) => ours(c.callId)).map((c) => c.callId));
  for (const callId of waiting) events.push({ ...base(callId), type: 'call.abandoned', callId, reason: 'dropped' });
  for (const c of left.journal) {
    if (!ours(c.callId) || waiting.has(c.callId)) continue;
    // an answered call on the journal: ended; one that was waiting but is no longer on the wall ended meanwhile
    if (c.answered) events.push({ ...base(c.callId), type: 'call.ended', callId: c.callId, outcome: 'reconciled' });
  }
  const takeOver: TakenOver = {
    conflicts: left.live.conflicts.filter((c) => ours(c.conflictId)).map((c) => c.conflictId),
    callbacks: left.live.callbacks.filter((c) => c.kind === 'call' && ours(c.ref.slice('call:'.length))).map((c) => ({ callId: c.ref.slice('call:'.length), dueAt: c.dueAt })),
    appeals: left.live.appeals.filter((a) => ours(a.appealId)).map((a) => a.appealId),
  };
  return { events, takeOver };
}

/**
 * Where the new run's day begins: the start of the site's local day on a first start (the day's
 * counters and hourly chart are filled "so far"), or the moment the earlier run was last heard
 * from (its events are in already: counting them twice would inflate the day), whichever is
 * later; never after now.
 */
export function backfillFrom(now: number, startOfDay: number, lastHeard: number | undefined, maxMs = Infinity): number {
  const from = Math.max(startOfDay, lastHeard ?? -Infinity, now - maxMs);
  return Math.min(now, from);
}
