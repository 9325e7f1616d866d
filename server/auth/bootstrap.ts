/** Credentials that come from configuration: the first admin, env API keys, env display tokens. */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { DisplayTokenStore } from './display-tokens.js';
import type { SourceCredentials } from './source-credentials.js';
import type { UserStore } from './user-store.js';

export async function bootstrapCredentials(config: Readonly<Config>, users: UserStore, displays: DisplayTokenStore, sources: SourceCredentials, log: Logger): Promise<void> {
  if (config.admin && (await users.count()) === 0) {
    await users.create({ login: config.admin.login, role: 'admin', password: config.admin.password });
    log.info({ login: config.admin.login }, 'first admin created from OBZOR_ADMIN_LOGIN');
  }
  for (const { source, key } of config.ingestKeys) sources.provision(source, key);
  for (const d of config.displayTokens) {
    if (!(await displays.verify(d.token))) await displays.create(d.name, d.sites, d.token);
  }
  if ((await users.count()) === 0) {
    log.warn('no users yet: create the first admin with `npm run user:add -- --role admin --login <login>` or OBZOR_ADMIN_LOGIN/OBZOR_ADMIN_PASSWORD');
  }
}
