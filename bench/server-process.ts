/**
 * The server under test, as its own process: what `tsx server/main.ts` does without the demo
 * feed (configuration from the environment, `startObzor`), plus IPC so the bench can read its
 * CPU time and memory (`process.cpuUsage`, `process.memoryUsage` after a GC) and stop it cleanly
 * (which also writes a `--cpu-prof` profile when asked for).
 */
import { loadConfig } from '../server/config.js';
import { createLogger } from '../server/logger.js';
import { startObzor } from '../server/obzor-server.js';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { serve } from './child.js';

export interface ServerStats {
  cpuUserUs: number;
  cpuSystemUs: number;
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  clients: number;
  /** push rounds so far (read, build, broadcast of the dirty sites) and their summed duration */
  pushRounds: number;
  pushSeconds: number;
  /** the event loop's delay p99 since the last reading (ms): how long anything waits for this process */
  loopDelayP99Ms: number;
  at: number;
}

// how late the event loop runs (a push, an HTTP request, a socket write all wait this long)
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

const config = loadConfig();
const starting = startObzor(config, createLogger(config.logLevel));
// handlers first: a request that arrives while the server starts waits for it
serve({
  port: async () => (await starting).port,
  stats: async (args: { gc?: boolean } | undefined): Promise<ServerStats> => {
    const server = await starting;
    const gc = (globalThis as { gc?: () => void }).gc;
    if (args?.gc && gc) {
      gc();
      gc();
    }
    const cpu = process.cpuUsage();
    const mem = process.memoryUsage();
    const push = (await server.metrics.pushSeconds.get()).values;
    const of = (name: string) => push.find((v) => v.metricName === name)?.value ?? 0;
    const loopDelayP99Ms = Math.round(loop.percentile(99) / 1e5) / 10;
    loop.reset();
    return {
      cpuUserUs: cpu.user,
      cpuSystemUs: cpu.system,
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      external: mem.external,
      arrayBuffers: mem.arrayBuffers,
      clients: server.hub.io.engine.clientsCount,
      pushRounds: of('obzor_push_seconds_count'),
      pushSeconds: of('obzor_push_seconds_sum'),
      loopDelayP99Ms,
      at: performance.now(),
    };
  },
  stop: async () => {
    await (await starting).close();
    setTimeout(() => process.exit(0), 20);
    return true;
  },
});
