/**
 * Counters live in 15-minute buckets (the contact-centre industry's reporting interval): the
 * server folds into them and reads history by them, and screens line "the last 15 / 60
 * minutes" up with them. No zod here: the client imports it.
 */
export const BUCKET_MS = 15 * 60 * 1000;

export function bucketOf(ms: number): number {
  return Math.floor(ms / BUCKET_MS) * BUCKET_MS;
}

/** which minute of its 15-minute bucket a moment falls in, 0–14 */
export function minuteOfBucket(ms: number): number {
  return Math.floor((ms - bucketOf(ms)) / 60_000);
}
