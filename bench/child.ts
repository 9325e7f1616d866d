/**
 * Bench helpers run as child processes (the server, the socket clients, the webhook sender):
 * forked with tsx, driven by request/response messages over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './bench-env.js';

interface Request {
  rid: number;
  cmd: string;
  args?: unknown;
}
interface Reply {
  rid: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

export class Child {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private out = '';
  readonly exited: Promise<number | null>;
  /** the child's handlers are registered (messages sent before that could be lost) */
  private readonly hello: Promise<void>;

  constructor(readonly proc: ChildProcess) {
    let greeted!: () => void;
    this.hello = new Promise((r) => (greeted = r));
    const keep = (d: Buffer) => (this.out = (this.out + d.toString()).slice(-8000));
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    proc.on('message', (m: Reply | { hello: true }) => {
      if ('hello' in m) return greeted();
      const w = this.waiting.get(m.rid);
      if (!w) return;
      this.waiting.delete(m.rid);
      if (m.ok) w.resolve(m.value);
      else w.reject(new Error(m.error));
    });
    this.exited = new Promise((resolve) =>
      proc.once('exit', (code) => {
        for (const w of this.waiting.values()) w.reject(new Error(`child exited (${code}): ${this.output().slice(-2000)}`));
        this.waiting.clear();
        resolve(code);
      }),
    );
  }

  output(): string {
    return this.out;
  }

  async call<T>(cmd: string, args?: unknown): Promise<T> {
    await Promise.race([this.hello, this.exited]);
    const rid = ++this.next;
    return new Promise<T>((resolve, reject) => {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) return reject(new Error(`child has exited: ${this.output().slice(-2000)}`));
      this.waiting.set(rid, { resolve: resolve as (v: unknown) => void, reject });
      this.proc.send({ rid, cmd, args } satisfies Request);
    });
  }

  /** ends this child only (by its own pid) */
  kill(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
  }
}

export function forkTs(file: string, env: NodeJS.ProcessEnv = process.env, extraExecArgv: string[] = []): Child {
  const proc = fork(join(ROOT, file), [], {
    cwd: ROOT,
    env,
    execArgv: ['--import', 'tsx', ...extraExecArgv],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  return new Child(proc);
}

/** Child side: answers the parent's requests; the process ends when the parent goes away. */
export function serve(handlers: Record<string, (args: never) => unknown>): void {
  process.on('message', (m: Request) => {
    const h = handlers[m.cmd];
    Promise.resolve()
      .then(() => {
        if (!h) throw new Error(`unknown command ${m.cmd}`);
        return h(m.args as never);
      })
      .then(
        (value) => process.send!({ rid: m.rid, ok: true, value } satisfies Reply),
        (e: Error) => process.send!({ rid: m.rid, ok: false, error: e.stack ?? e.message } satisfies Reply),
      );
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ hello: true });
}
