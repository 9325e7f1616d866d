/**
 * Where a follower keeps its place in queue_log: the file's inode, the byte offset just past
 * the last line whose events the sink accepted, and that line's number. Saved only after the
 * sink resolved, so a restart resumes with no gap; what was sent but not yet saved is sent
 * again and the server reports it `duplicate` (ids are derived from the line).
 */
import { z } from 'zod';

export interface QueueLogPosition {
  inode: number;
  offset: number;
  lineNo: number;
  /** lines of the earlier files (before rotations and truncations): the event order continues across them */
  seqBase?: number;
}

/** implemented on Redis by the server (server/feeds/redis-position-store.ts); tests keep theirs in memory or in a file */
export interface PositionStore {
  load(): Promise<QueueLogPosition | null>;
  save(pos: QueueLogPosition): Promise<void>;
}

export const QueueLogPosition = z.object({
  inode: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  lineNo: z.number().int().nonnegative(),
  seqBase: z.number().int().nonnegative().optional(),
});
