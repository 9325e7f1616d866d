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
  // env credentials are stored like admin-made ones (listed, revocable); a revoked one stays revoked
  for (const { source, key } of config.ingestKeys) {
    if ((await sources.provisionFromEnv(source, key)) === 'revoked') log.warn({ source }, 'OBZOR_INGEST_KEYS: this key of the source was revoked and is not provisioned again; give it a new key');
  }
  for (const d of config.displayTokens) {
    if (await displays.issued(d.token)) {
      if (!(await displays.verify(d.token))) log.warn({ name: d.name }, 'OBZOR_DISPLAY_TOKENS: this token was revoked and is not provisioned again; give the wall a new token');
      continue;
    }
    await displays.create(d.name, d.sites, d.token, { fromEnv: true });
  }
  if ((await users.count()) === 0) {
    log.warn('no users yet: create the first admin with `npm run obzor -- user:add --role admin --login <login>` or OBZOR_ADMIN_LOGIN/OBZOR_ADMIN_PASSWORD');
  }
}
