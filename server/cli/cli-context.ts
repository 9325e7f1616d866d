/**
 * What the operator commands share: the configuration (as the server reads it, less the feeds'
 * secrets), one Redis connection — or the one line that says why there is none — and the
 * credential stores.
 */
import { DisplayTokenStore } from '../auth/display-tokens.js';
import { SourceCredentials } from '../auth/source-credentials.js';
import { UserStore } from '../auth/user-store.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { Keys } from '../store/keys.js';
import { redactRedisUrl } from '../store/redis-plan.js';
import { runningPrivateRedisUrl } from '../store/private-redis.js';
import { connectRedis, createRedis, type ObzorRedis } from '../store/redis-client.js';
import { migrateKeyLayout } from '../store/key-layout-migration.js';
import { describeTopology } from '../store/redis-topology.js';
import { didYouMean } from './closest-names.js';
import { CliError, EXIT, usageError } from './cli-errors.js';

/**
 * The server's configuration from `env`; a wrong variable is a usage error (exit 2). The feeds file
 * (OBZOR_FEEDS) is left out: no command but import:queue-log needs it, and that one reads it
 * without the AMI secrets.
 */
export function cliConfig(command: string, env: NodeJS.ProcessEnv): Readonly<Config> {
  try {
    const config = loadConfig({ ...env, OBZOR_FEEDS: '' });
    // REDIS_URL unset and npm start running its own redis-server on this data dir: that one
    const own = config.redisUrlFromEnv || config.redisTopology ? undefined : runningPrivateRedisUrl(config.dataDir);
    return own ? Object.freeze({ ...config, redisUrl: own }) : config;
  } catch (e) {
    if (e instanceof ConfigError) throw usageError(`${command}: ${e.message}`);
    throw e;
  }
}

/** Checks site ids against the configured sites; an unknown one is named with the known ones. */
export function checkSites(command: string, option: string, sites: readonly string[], config: Pick<Config, 'sites'>): void {
  const known = config.sites.map((s) => s.id);
  const unknown = sites.filter((s) => !known.includes(s));
  if (!unknown.length) return;
  const [first] = unknown;
  throw usageError(
    `${command}: ${option}: unknown site${unknown.length > 1 ? 's' : ''} ${unknown.map((s) => `"${s}"`).join(', ')}${unknown.length === 1 ? didYouMean(first!, known) : ''}; the known sites: ${known.join(', ')} (OBZOR_SITES_FILE)`,
  );
}

/** The one line for a Redis that does not answer at the start, naming where the URL came from and the fix. */
export function redisUnreachableMessage(command: string, config: Pick<Config, 'redisUrl' | 'redisUrlFromEnv' | 'redisTopology'>, err: NodeJS.ErrnoException | undefined): string {
  const where = config.redisTopology ? describeTopology(config.redisTopology) : `Redis at ${redactRedisUrl(config.redisUrl)} (${config.redisUrlFromEnv ? 'REDIS_URL' : 'the default: REDIS_URL is unset'})`;
  const reply = err?.message ?? '';
  if (/^WRONGPASS/.test(reply)) return `${command}: ${where} refused the password: put the right one in REDIS_URL (redis://:PASSWORD@host:port)`;
  if (/^NOAUTH/.test(reply)) return `${command}: ${where} wants a password: put it in REDIS_URL (redis://:PASSWORD@host:port)`;
  const cause = err?.code ?? 'no answer';
  if (config.redisUrlFromEnv || config.redisTopology) return `${command}: cannot reach ${where}: ${cause} — is it running?`;
  return (
    `${command}: cannot reach ${where}: ${cause} — is it running? The commands need a shared Redis, in REDIS_URL or on 127.0.0.1:6379; ` +
    'or the private redis-server npm start runs on this data dir (OBZOR_DATA_DIR) while it runs (docs/operations.md, "Redis without REDIS_URL")'
  );
}

/** Connects, or throws the one line (exit 3). Nothing is retried in the background after a failure. */
export async function connectCliRedis(command: string, config: Pick<Config, 'redisUrl' | 'redisUrlFromEnv' | 'redisTopology' | 'keyPrefix'>, timeoutMs = 5000): Promise<ObzorRedis> {
  const redis = createRedis(config, `obzor-${command.replace(':', '-')}`);
  let last: Error | undefined;
  redis.on('error', (e: Error) => {
    last = e;
  });
  try {
    await connectRedis(redis, timeoutMs);
  } catch (e) {
    redis.disconnect();
    throw new CliError(redisUnreachableMessage(command, config, last ?? (e as Error)), EXIT.redis);
  }
  // a command may be the first to run after an upgrade: the keys it reads are where this version looks
  await migrateKeyLayout(redis, new Keys(config.keyPrefix));
  return redis;
}

export interface CliContext {
  config: Readonly<Config>;
  redis: ObzorRedis;
  keys: Keys;
  users: UserStore;
  displays: DisplayTokenStore;
  sources: SourceCredentials;
  close(): Promise<void>;
}

export async function openCli(command: string, config: Readonly<Config>): Promise<CliContext> {
  const redis = await connectCliRedis(command, config);
  const keys = new Keys(config.keyPrefix);
  return {
    config,
    redis,
    keys,
    users: new UserStore(redis, keys, config.bcryptCost),
    displays: new DisplayTokenStore(redis, keys),
    sources: new SourceCredentials(redis, keys),
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
