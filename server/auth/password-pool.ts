/**
 * bcrypt off the event loop, with a global cap. A bcrypt check at cost 12 is ~0.25 s of CPU;
 * run on the main thread (bcryptjs, even its "async" API) 16 parallel logins held a wall's
 * snapshot for seconds. Here each check runs in a worker thread (password-worker.mjs), at most
 * `size` at a time per process; the rest wait in a bounded queue, and beyond it a login is
 * told to retry (PasswordPoolBusyError → 503) rather than queue without end.
 *
 * Why bcryptjs in workers and not the native `bcrypt` addon: the same library that wrote the
 * `$2a$`/`$2b$` hashes already in Redis, no native build or prebuilt binary on any machine or
 * in CI, and a cap on CPU that the addon (libuv's 4 threads, shared with fs and dns) lacks.
 * Idle workers are unref'd, so a CLI that hashed one password still exits.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface PasswordHasher {
  hash(password: string, cost: number): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
}

export class PasswordPoolBusyError extends Error {}

type Job = { id: number; op: 'hash'; password: string; cost: number } | { id: number; op: 'verify'; password: string; hash: string };
interface Pending {
  job: Job;
  resolve(value: unknown): void;
  reject(e: Error): void;
}
interface Slot {
  worker: Worker;
  current?: Pending;
}

const WORKER_FILE = new URL('./password-worker.mjs', import.meta.url);

/** leave a core to the event loop (pushes, snapshots, ingest) where there is more than one */
export const DEFAULT_POOL_SIZE = Math.max(1, Math.min(4, availableParallelism() - 1));
export const DEFAULT_MAX_QUEUE = 200;

export class PasswordPool implements PasswordHasher {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;

  constructor(
    readonly size = DEFAULT_POOL_SIZE,
    readonly maxQueue = DEFAULT_MAX_QUEUE,
  ) {}

  hash(password: string, cost: number): Promise<string> {
    return this.submit({ id: this.nextId++, op: 'hash', password, cost }) as Promise<string>;
  }

  verify(password: string, hash: string): Promise<boolean> {
    return this.submit({ id: this.nextId++, op: 'verify', password, hash }) as Promise<boolean>;
  }

  /** checks running now and waiting; `running` never exceeds `size` */
  stats(): { running: number; queued: number; threads: number[] } {
    return { running: this.slots.filter((s) => s.current).length, queued: this.queue.length, threads: this.slots.map((s) => s.worker.threadId) };
  }

  async close(): Promise<void> {
    for (const p of this.queue.splice(0)) p.reject(new Error('password pool closed'));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private submit(job: Job): Promise<unknown> {
    if (this.queue.length >= this.maxQueue) return Promise.reject(new PasswordPoolBusyError('too many password checks waiting'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length) {
      const slot = this.slots.find((s) => !s.current) ?? (this.slots.length < this.size ? this.spawn() : undefined);
      if (!slot) return;
      const p = this.queue.shift()!;
      slot.current = p;
      slot.worker.ref();
      slot.worker.postMessage(p.job);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(WORKER_FILE) };
    const finish = () => {
      slot.current = undefined;
      slot.worker.unref();
      this.dispatch();
    };
    slot.worker.on('message', (m: { id: number; value?: unknown; error?: string }) => {
      const p = slot.current;
      if (!p || p.job.id !== m.id) return;
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.value);
      finish();
    });
    // a crashed worker fails its one check and is replaced on the next
    const lost = (e: Error) => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      slot.current?.reject(e);
      slot.current = undefined;
      this.dispatch();
    };
    slot.worker.on('error', lost);
    slot.worker.on('exit', (code) => lost(new Error(`password worker exited (${code})`)));
    slot.worker.unref();
    this.slots.push(slot);
    return slot;
  }
}

/** The process's one pool: the cap is global, whoever asks (logins, user creation, CLIs). */
export const passwordPool = new PasswordPool();
