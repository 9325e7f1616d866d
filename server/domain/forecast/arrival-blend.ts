/**
 * The arrival rate staffing plans the next interval with (issue 16, "history blend"): the sliding
 * window's observed rate, blended with what the same weekday's history expects for the next 15
 * minutes — scaled by how today has tracked its history so far, so a busy day's history is raised
 * and a quiet one's lowered. Pure; docs/kpis.md, "Forecast: the blended rate".
 *
 *   tracking = clamp(actual so far ÷ expected so far, 0.5, 2)   (1 while fewer than 20 calls were expected)
 *   λ = ½ · λ_window + ½ · λ_history,next · tracking
 *
 * The window knows today (an outage, a campaign) but lags by up to half an hour and is noisy on a
 * quiet queue; the history knows the shape of the day (the 09:00 rise) but not today's level. Equal
 * weights: neither is trusted alone. Without history (no past week with data): the window only.
 */

/** fewer calls expected than this so far: too few to say how today tracks its history */
export const TRACKING_MIN_EXPECTED = 20;
export const TRACKING_MIN = 0.5;
export const TRACKING_MAX = 2;
export const HISTORY_WEIGHT = 0.5;

export interface HistoryRate {
  /** expected arrivals per hour over the next 15 minutes (the median of past weeks) */
  nextPerHour: number;
  /** today's calls expected by now, and those offered by now */
  expectedSoFar: number;
  actualSoFar: number;
}

export function trackingRatio(expectedSoFar: number, actualSoFar: number): number {
  if (!(expectedSoFar >= TRACKING_MIN_EXPECTED)) return 1;
  return Math.min(TRACKING_MAX, Math.max(TRACKING_MIN, actualSoFar / expectedSoFar));
}

/** Arrivals per hour to plan with: the window's, blended with the history's when there is one. */
export function blendedPerHour(windowPerHour: number, history?: HistoryRate): number {
  if (!history) return windowPerHour;
  const fromHistory = history.nextPerHour * trackingRatio(history.expectedSoFar, history.actualSoFar);
  return (1 - HISTORY_WEIGHT) * windowPerHour + HISTORY_WEIGHT * fromHistory;
}
