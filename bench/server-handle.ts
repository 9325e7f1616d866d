/** Parent side of bench/server-process.ts: start, read CPU/memory, stop. */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { forkTs, type Child } from './child.js';
import { ROOT } from './bench-env.js';
import type { ServerStats } from './server-process.js';

export interface ServerHandle {
  url: string;
  pid: number;
  stats(gc?: boolean): Promise<ServerStats>;
  stop(): Promise<void>;
  kill(): void;
}

/** `profile`: a folder name; the server then runs with --cpu-prof into bench/results/profiles.tmp/<profile> (one file per thread) */
export async function startServer(env: NodeJS.ProcessEnv, profile?: string): Promise<ServerHandle> {
  const extra = ['--expose-gc'];
  if (profile) {
    const dir = join(ROOT, 'bench/results/profiles.tmp', profile);
    mkdirSync(dir, { recursive: true });
    extra.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
  }
  const child: Child = forkTs('bench/server-process.ts', env, extra);
  const port = await Promise.race([
    child.call<number>('port'),
    child.exited.then((code) => {
      throw new Error(`bench server exited (${code}) before it was up:\n${child.output()}`);
    }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`bench server not up in 30 s:\n${child.output()}`)), 30_000).unref()),
  ]);
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.proc.pid!,
    stats: (gc = false) => child.call<ServerStats>('stats', { gc }),
    async stop() {
      await Promise.race([child.call('stop').catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
      await Promise.race([child.exited, new Promise((r) => setTimeout(r, 5000))]);
      child.kill();
    },
    kill: () => child.kill(),
  };
}

/** CPU share of one core used between two stats readings (1.0 = one core busy). */
export function cpuShare(a: ServerStats, b: ServerStats): number {
  const us = b.cpuUserUs + b.cpuSystemUs - (a.cpuUserUs + a.cpuSystemUs);
  return us / 1000 / (b.at - a.at);
}
