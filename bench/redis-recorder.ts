/**
 * Records every pipeline an ioredis client sends (command name + exact arguments, in the order
 * they reach Redis on its single connection) and replays them pipelined without any Node work
 * in between: the pure-Redis ceiling of the same commands.
 */
import type { Redis } from 'ioredis';

export type RecordedCommand = [name: string, ...args: (string | number | Buffer)[]];

interface QueuedCommand {
  name: string;
  args: (string | number | Buffer)[];
}

export class RedisRecorder {
  readonly pipelines: RecordedCommand[][] = [];
  private restore: (() => void) | undefined;

  /** from now on, every `redis.pipeline().exec()` is recorded (relies on ioredis' Pipeline._queue) */
  attach(redis: Redis): void {
    const original = redis.pipeline.bind(redis);
    const pipelines = this.pipelines;
    redis.pipeline = ((...a: Parameters<Redis['pipeline']>) => {
      const p = original(...a);
      const exec = p.exec.bind(p);
      p.exec = ((...x: Parameters<typeof p.exec>) => {
        const queue = (p as unknown as { _queue: QueuedCommand[] })._queue;
        pipelines.push(queue.map((c) => [c.name, ...c.args] as RecordedCommand));
        return exec(...x);
      }) as typeof p.exec;
      return p;
    }) as Redis['pipeline'];
    this.restore = () => {
      redis.pipeline = original as Redis['pipeline'];
    };
  }

  detach(): void {
    this.restore?.();
  }

  get commandCount(): number {
    return this.pipelines.reduce((n, p) => n + p.length, 0);
  }

  /** how many recorded EVALSHA calls there are */
  get scriptCalls(): number {
    return this.pipelines.reduce((n, p) => n + p.filter((c) => c[0] === 'evalsha').length, 0);
  }
}

/**
 * Sends the recorded pipelines in order, keeping `window` of them in flight; returns the
 * elapsed milliseconds and the replies of the script calls (to check they did the same work).
 */
export async function replay(redis: Redis, pipelines: readonly RecordedCommand[][], window = 8): Promise<{ ms: number; scriptReplies: Record<string, number> }> {
  const scriptReplies: Record<string, number> = {};
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  for (const cmds of pipelines) {
    const p = redis
      .pipeline(cmds.map((c) => [...c]) as string[][])
      .exec()
      .then((replies) => {
        replies?.forEach(([err, v], i) => {
          if (cmds[i]![0] !== 'evalsha') return;
          const k = err ? `error: ${err.message.slice(0, 60)}` : String(v);
          scriptReplies[k] = (scriptReplies[k] ?? 0) + 1;
        });
      });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    if (inFlight.size >= window) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return { ms: performance.now() - started, scriptReplies };
}
