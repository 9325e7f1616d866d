/**
 * N1 on the wall: the calls ringing past their site's ring limit at `now`, ticked between
 * updates with the server's own rule (shared/ring-limit.ts) and the site's norms.
 */
import type { Kpi } from '@shared/kpi.js';
import { kpiAt } from '@shared/kpi-rules.js';
import type { SiteState } from '@shared/snapshot.js';
import { ringingPastLimit, type RingNorms } from '@shared/ring-limit.js';
import { levelOf, type Level } from './kpi-display.js';

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
  /** how alarming: its site's ringingPast3Now KPI ticked on (`closed` while its lines are: calm); a breach without the KPI */
  level: Level;
}

/** Every call ringing past its site's limit at `now`, the longest-ringing first. */
export function lateRings(sites: readonly (Pick<SiteState, 'site' | 'calls'> & { norms: RingNorms; kpis?: { ringingPast3Now?: Kpi } })[], now: number): LateRing[] {
  const out: LateRing[] = [];
  for (const s of sites) {
    const late = ringingPastLimit(s.calls, s.norms, now);
    const k = s.kpis?.ringingPast3Now;
    const level: Level = k ? levelOf(kpiAt(k, late.length).status) : 'alarm';
    for (const r of late) {
      const ms = Math.max(0, now - r.ringStart);
      out.push({ site: s.site, callId: r.callId, queue: r.queue, ringingMs: ms, ring: ringNumber(ms, s.norms), level });
    }
  }
  return out.sort((a, b) => b.ringingMs - a.ringingMs || a.callId.localeCompare(b.callId));
}
