/**
 * N1: a call must be answered no later than after the 3rd ring. A call whose operator's
 * phone has been ringing longer than `ringSeconds × ringsToAnswer` is an unanswered ring
 * the wall must show at once (the same strict ">" the server counts `ringsPast3` with).
 */
import type { SiteState, WaitingCall } from '@shared/snapshot.js';

export type RingNorms = SiteState['norms'];

/** How long a phone may ring before N1 is broken (default 5 s × 3 rings = 15 s). */
export function ringLimitMs(norms: RingNorms): number {
  return norms.ringSeconds * norms.ringsToAnswer * 1000;
}

/** How long this call's current ring has lasted at `now`; undefined if it is not ringing. */
export function ringingForMs(call: WaitingCall, now: number): number | undefined {
  if (call.state !== 'ringing' || call.ringStart === undefined) return undefined;
  return Math.max(0, now - call.ringStart);
}

/** Is this call ringing past the site's ring limit (N1 broken right now)? */
export function isPastRingLimit(call: WaitingCall, norms: RingNorms, now: number): boolean {
  const ms = ringingForMs(call, now);
  return ms !== undefined && ms > ringLimitMs(norms);
}

/** Which ring is sounding after `ms` of ringing: the 1st from 0 s, the 2nd from one cadence on … */
export function ringNumber(ms: number, norms: RingNorms): number {
  return Math.floor(Math.max(0, ms) / (norms.ringSeconds * 1000)) + 1;
}

/** One unanswered ring as the wall shows it: queue and duration only, never who is calling. */
export interface LateRing {
  site: string;
  callId: string;
  queue: string;
  ringingMs: number;
  ring: number;
}

/** Every call ringing past its site's limit at `now`, the longest-ringing first. */
export function lateRings(sites: readonly SiteState[], now: number): LateRing[] {
  const out: LateRing[] = [];
  for (const s of sites) {
    for (const c of s.calls) {
      if (!isPastRingLimit(c, s.norms, now)) continue;
      const ms = ringingForMs(c, now)!;
      out.push({ site: s.site, callId: c.callId, queue: c.queue, ringingMs: ms, ring: ringNumber(ms, s.norms) });
    }
  }
  return out.sort((a, b) => b.ringingMs - a.ringingMs || a.callId.localeCompare(b.callId));
}
