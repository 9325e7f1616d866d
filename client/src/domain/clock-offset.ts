/**
 * Server clock offset from `serverTime` stamps. A stamp read on arrival is late by the
 * network delay, so `serverTime - receivedAt` underestimates the true offset by that delay:
 * the largest of the recent samples is the best estimate. Keeping only recent samples lets
 * a corrected server clock take over within a few updates.
 */
export const OFFSET_SAMPLES = 8;

export function offsetSample(serverTime: number, receivedAt: number): number {
  return serverTime - receivedAt;
}

/** Adds a sample, keeping the last `OFFSET_SAMPLES`; returns the new list. */
export function pushSample(samples: readonly number[], sample: number): number[] {
  return [...samples, sample].slice(-OFFSET_SAMPLES);
}

export function estimateOffset(samples: readonly number[]): number {
  return samples.length ? Math.max(...samples) : 0;
}
