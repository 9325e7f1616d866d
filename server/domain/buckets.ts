/** Counters live in 15-minute buckets (the contact-centre industry's reporting interval). */
export const BUCKET_MS = 15 * 60 * 1000;

export function bucketOf(ms: number): number {
  return Math.floor(ms / BUCKET_MS) * BUCKET_MS;
}
