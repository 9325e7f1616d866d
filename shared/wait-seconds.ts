/**
 * N2: a wait in whole seconds elapsed — as a screen shows it (a stopwatch's 0:41) and as the
 * longest-wait KPI is measured and judged, by the server and by the screens that tick it on. So an
 * amber wait is one the screen shows past the target, and the KPI's value changes once a second
 * instead of with every push (it was most of what a push to a screen carried: npm run bench -- tv).
 */
export function waitSeconds(ms: number): number {
  return Math.max(0, Math.floor(ms / 1000));
}
