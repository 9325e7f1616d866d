/** `npm start`: configuration, Redis, HTTP + Socket.IO, and demo traffic when no feed is configured. */
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger, logFormat } from './logger.js';
import { startupBanner } from './observability/startup-banner.js';
import { missingCalendarYears, provisionalCalendarYears } from './domain/working-days.js';
import { startObzor } from './obzor-server.js';
import { startDemo, type RunningDemo } from './demo/start-demo.js';
import { chooseRedis, RedisUnavailableError, type ChosenRedis } from './store/private-redis.js';
import { describeTopology } from './store/redis-topology.js';

async function main(): Promise<void> {
  let config: Readonly<Config>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Obzor cannot start: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.logLevel, 'obzor', logFormat(config.logFormat));
  // a 30-working-day deadline set in December runs into next year
  const year = new Date().getUTCFullYear();
  const missing = missingCalendarYears([year, year + 1]);
  if (missing.length) log.warn({ years: missing }, 'production calendar has no data for these years: deadlines and hours use plain Mon–Fri; update server/domain/calendar/ru-production-calendar.json');
  const provisional = provisionalCalendarYears().filter((y) => y >= year);
  if (provisional.length) log.warn({ years: provisional }, 'production calendar is provisional (no decree yet) for these years');
  // REDIS_URL, else a Redis on 127.0.0.1:6379, else a private redis-server stopped when we stop
  let redis: ChosenRedis;
  try {
    // a Cluster or a Sentinel set is used as configured: nothing to probe or start
    redis = config.redisTopology ? { url: config.redisUrl, where: describeTopology(config.redisTopology), stop: () => Promise.resolve() } : await chooseRedis(config);
  } catch (e) {
    if (e instanceof RedisUnavailableError) {
      console.error(`Obzor cannot start: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  if (redis.private) log.info({ pid: redis.private.pid, port: redis.private.port, dir: redis.private.dir }, `started a private redis-server (REDIS_URL unset, nothing on 127.0.0.1:${config.redisProbePort}); it stops with Obzor`);
  config = Object.freeze({ ...config, redisUrl: redis.url });
  const server = await startObzor(config, log).catch(async (e: Error) => {
    log.fatal({ err: e.message, redis: redis.where }, 'start-up failed');
    await redis.stop();
    process.exit(1);
  });
  log.info({ url: `http://localhost:${server.port}`, sites: config.sites.map((s) => s.id), demo: config.demo }, 'Obzor is up');
  let demo: RunningDemo | undefined;
  // a sender like any other; a fresh demo has no users: give the person at the terminal a wall they can open at once
  if (config.demo) demo = await startDemo(server, config);
  const url = `http://localhost:${server.port}`;
  console.log(
    startupBanner({
      url,
      ...(demo ? { demoWallUrl: `${url}/wall#token=${demo.token}` } : {}),
      redis: redis.where,
      persistence: server.storePersistence(),
      sites: config.sites.map((s) => ({ id: s.id, name: s.name.ru, timeZone: s.timeZone })),
      feeds: config.feeds,
      demo: !!demo,
    }),
  );

  const stop = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    // the demo closes its calls in progress and logs its operators out before the server goes
    await demo?.stop().catch((e: Error) => log.warn({ err: e.message }, 'demo not stopped cleanly'));
    await server.close();
    await redis.stop().catch((e: Error) => log.warn({ err: e.message }, 'private redis-server not stopped cleanly'));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  // a closed terminal would end Obzor without its 'exit' handlers, leaving its private redis-server behind
  if (redis.private) process.once('SIGHUP', () => void stop('SIGHUP'));
}

void main();
