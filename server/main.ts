/** `npm start`: configuration, Redis, HTTP + Socket.IO, and demo traffic when no feed is configured. */
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { missingCalendarYears, provisionalCalendarYears } from './domain/working-days.js';
import { startObzor } from './obzor-server.js';
import { startDemo, type RunningDemo } from './demo/start-demo.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Obzor cannot start: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.logLevel);
  // a 30-working-day deadline set in December runs into next year
  const year = new Date().getUTCFullYear();
  const missing = missingCalendarYears([year, year + 1]);
  if (missing.length) log.warn({ years: missing }, 'production calendar has no data for these years: deadlines and hours use plain Mon–Fri; update server/domain/calendar/ru-production-calendar.json');
  const provisional = provisionalCalendarYears().filter((y) => y >= year);
  if (provisional.length) log.warn({ years: provisional }, 'production calendar is provisional (no decree yet) for these years');
  const server = await startObzor(config, log).catch((e: Error) => {
    log.fatal({ err: e.message, redis: config.redisUrl }, 'start-up failed');
    process.exit(1);
  });
  log.info({ url: `http://localhost:${server.port}`, sites: config.sites.map((s) => s.id), demo: config.demo }, 'Obzor is up');
  let demo: RunningDemo | undefined;
  if (config.demo) {
    // a sender like any other; a fresh demo has no users: give the person at the terminal a wall they can open at once
    demo = await startDemo(server, config);
    console.log(`\n  Obzor demo — open the wall display:\n  http://localhost:${server.port}/wall#token=${demo.token}\n`);
  }

  const stop = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    // the demo closes its calls in progress and logs its operators out before the server goes
    await demo?.stop().catch((e: Error) => log.warn({ err: e.message }, 'demo not stopped cleanly'));
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

void main();
