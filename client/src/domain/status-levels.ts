/**
 * How alarming a number is: `ok`, `warn` or `alarm`. The wall shows a level by colour AND
 * by a shape (● ▲ ■) so it never relies on colour alone. Thresholds that the standard does
 * not fix itself are presentation defaults, named here so they can be argued about in one place.
 */
import type { Level } from './kpi-display.js';

/** N2: average time to reach a specialist, 40 s (a site may configure its own). */
export const CONNECT_TARGET_MS = 40_000;
/** a caller waiting longer than the N2 target is worth a look; twice as long is an alarm */
export const WAIT_WARN_MS = CONNECT_TARGET_MS;
export const WAIT_ALARM_MS = 2 * CONNECT_TARGET_MS;
/** average connect time this far above the target is red rather than amber */
export const CONNECT_ALARM_FACTOR = 1.5;
/** N1 demands every call; the share of calls answered within 3 rings below these is amber / red */
export const IN3_WARN_BELOW = 0.95;
export const IN3_ALARM_BELOW = 0.9;

export function waitLevel(ms: number | undefined): Level {
  if (ms === undefined || ms < WAIT_WARN_MS) return 'ok';
  return ms < WAIT_ALARM_MS ? 'warn' : 'alarm';
}

/** N1: "ignoring calls is not allowed" — a single ring past the limit is an alarm. */
export function lateRingsLevel(count: number): Level {
  return count > 0 ? 'alarm' : 'ok';
}

/** Anything past its deadline is an alarm. */
export function overdueLevel(count: number): Level {
  return count > 0 ? 'alarm' : 'ok';
}

/** Work due today that is still on time deserves attention, not alarm. */
export function dueLevel(count: number): Level {
  return count > 0 ? 'warn' : 'ok';
}


export function in3RingsLevel(share: number | null): Level {
  if (share === null || share >= IN3_WARN_BELOW) return 'ok';
  return share >= IN3_ALARM_BELOW ? 'warn' : 'alarm';
}

export function connectLevel(ms: number | null, targetMs = CONNECT_TARGET_MS): Level {
  if (ms === null || ms <= targetMs) return 'ok';
  return ms <= targetMs * CONNECT_ALARM_FACTOR ? 'warn' : 'alarm';
}
