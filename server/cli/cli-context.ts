/** What the admin CLIs share: configuration, one Redis connection, the credential stores. */
import { DisplayTokenStore } from '../auth/display-tokens.js';
import { SourceCredentials } from '../auth/source-credentials.js';
import { UserStore } from '../auth/user-store.js';
import { loadConfig, type Config } from '../config.js';
import { Keys } from '../store/keys.js';
import { connectRedis, createRedis, type ObzorRedis } from '../store/redis-client.js';

export interface CliContext {
  config: Readonly<Config>;
  redis: ObzorRedis;
  users: UserStore;
  displays: DisplayTokenStore;
  sources: SourceCredentials;
  close(): Promise<void>;
}

export async function openCli(name: string): Promise<CliContext> {
  const config = loadConfig();
  const redis = createRedis(config.redisUrl, name);
  await connectRedis(redis);
  const keys = new Keys(config.keyPrefix);
  return {
    config,
    redis,
    users: new UserStore(redis, keys),
    displays: new DisplayTokenStore(redis, keys),
    sources: new SourceCredentials(redis, keys),
    close: async () => void (await redis.quit()),
  };
}

export function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
