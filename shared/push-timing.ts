/**
 * How often screens hear of every site, and so when a screen knows without being told that its
 * updates stopped: the server's promise and the screens' watchdog are one rule. The snapshot
 * carries the server's cadence (`fullPushMs`), so the two cannot drift apart.
 */

/** every site is pushed at least this often, events or not (time moves KPIs: ringing past 3 rings, overdue) */
export const FULL_PUSH_MS = 15_000;

/**
 * A connected screen that got nothing for a site this long shows that site's data as stale: two
 * and a half missed full pushes — the push is broken, whatever the heartbeat says.
 */
export function updateSilenceMs(fullPushMs: number = FULL_PUSH_MS): number {
  return Math.round(2.5 * fullPushMs);
}
