/**
 * N1: a call must be answered no later than after the 3rd ring. The ring limit is
 * `ringSeconds × ringsToAnswer` of the site's norms (5 s × 3 = 15 s by default), and a ring
 * breaks it when it lasts strictly longer (a ring of exactly 15 s is still in time). The
 * server counts rings with it (answered within the limit, rings past it) and lists the calls
 * ringing past it; screens tick the same list on between updates. No zod here: the client imports it.
 */
import type { RingingPast3, SiteState, WaitingCall } from './snapshot.js';

export type RingNorms = Pick<SiteState['norms'], 'ringSeconds' | 'ringsToAnswer'>;

/** How long a phone may ring before N1 is broken. */
export function ringLimitMs(norms: RingNorms): number {
  return norms.ringSeconds * norms.ringsToAnswer * 1000;
}

/** Did a ring of `ringMs` go past the limit? */
export function isPastRingLimit(ringMs: number, norms: RingNorms): boolean {
  return ringMs > ringLimitMs(norms);
}

/** How long this call's current ring has lasted at `now`; undefined if it is not ringing. */
export function ringingForMs(call: Pick<WaitingCall, 'state' | 'ringStart'>, now: number): number | undefined {
  if (call.state !== 'ringing' || call.ringStart === undefined) return undefined;
  return Math.max(0, now - call.ringStart);
}

/** The calls whose current ring is past the limit at `now`, the longest-ringing first. */
export function ringingPastLimit(calls: readonly WaitingCall[], norms: RingNorms, now: number): RingingPast3[] {
  const limitMs = ringLimitMs(norms);
  const out: RingingPast3[] = [];
  for (const c of calls) {
    const ms = ringingForMs(c, now);
    if (ms === undefined || !isPastRingLimit(ms, norms)) continue;
    out.push({ callId: c.callId, queue: c.queue, ...(c.agentId ? { agentId: c.agentId } : {}), ringStart: c.ringStart!, pastLimitAt: c.ringStart! + limitMs });
  }
  return out.sort((a, b) => a.ringStart - b.ringStart);
}
