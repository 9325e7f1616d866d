/** A follower's place kept by tests: in memory (to read and count what was saved), or in a file (to survive a new follower). */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { QueueLogPosition, type PositionStore } from '../../server/adapters/asterisk/queue-log-position.js';

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

/** a JSON file replaced atomically (write + rename), so a restart never reads half a save */
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
