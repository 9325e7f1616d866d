/**
 * The server under test, as its own process: what `tsx server/main.ts` does without the demo
 * feed (configuration from the environment, `startObzor`), plus IPC so the bench can read its
 * CPU time and memory (`process.cpuUsage`, `process.memoryUsage` after a GC) and stop it cleanly
 * (which also writes a `--cpu-prof` profile when asked for).
 */
import { loadConfig } from '../server/config.js';
import { createLogger } from '../server/logger.js';
import { startObzor } from '../server/obzor-server.js';
import { serve } from './child.js';

export interface ServerStats {
  cpuUserUs: number;
  cpuSystemUs: number;
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  clients: number;
  at: number;
}

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
    return {
      cpuUserUs: cpu.user,
      cpuSystemUs: cpu.system,
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      external: mem.external,
      arrayBuffers: mem.arrayBuffers,
      clients: server.hub.io.engine.clientsCount,
      at: performance.now(),
    };
  },
  stop: async () => {
    await (await starting).close();
    setTimeout(() => process.exit(0), 20);
    return true;
  },
});
