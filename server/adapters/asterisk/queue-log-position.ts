/**
 * Where a follower keeps its place in queue_log: the file's inode, the byte offset just past
 * the last line whose events the sink accepted, and that line's number. Saved only after the
 * sink resolved, so a restart resumes with no gap; what was sent but not yet saved is sent
 * again and the server reports it `duplicate` (ids are derived from the line).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

export interface QueueLogPosition {
  inode: number;
  offset: number;
  lineNo: number;
  /** lines of the earlier files (before rotations and truncations): the event order continues across them */
  seqBase?: number;
}

/** implemented on Redis by the server; in memory and on disk here */
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

export class MemoryPositionStore implements PositionStore {
  saves = 0;
  constructor(public pos: QueueLogPosition | null = null) {}
  async load(): Promise<QueueLogPosition | null> {
    return this.pos ? { ...this.pos } : null;
  }
  async save(pos: QueueLogPosition): Promise<void> {
    this.pos = { ...pos };
    this.saves += 1;
  }
}

/** a JSON file replaced atomically (write + rename), for a single-node setup */
export class FilePositionStore implements PositionStore {
  constructor(private readonly file: string) {}
  async load(): Promise<QueueLogPosition | null> {
    try {
      const parsed = QueueLogPosition.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      if (e instanceof SyntaxError) return null;
      throw e;
    }
  }
  async save(pos: QueueLogPosition): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(pos));
    await rename(tmp, this.file);
  }
}
