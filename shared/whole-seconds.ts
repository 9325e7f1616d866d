/**
 * A span in whole seconds elapsed, as a stopwatch shows it (0:41). N2's longest wait is measured
 * and judged in these, by the server and by the screens that tick it on, so an amber wait is one
 * the screen shows past the target, and the KPI's value changes once a second instead of with
 * every push (it was most of what a push to a screen carried: npm run bench -- tv).
 */
export function wholeSeconds(ms: number): number {
  return Math.max(0, Math.floor(ms / 1000));
}
