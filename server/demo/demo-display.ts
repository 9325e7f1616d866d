import { createHmac } from 'node:crypto';
import type { DisplayTokenStore } from '../auth/display-tokens.js';

export const DEMO_DISPLAY_NAME = 'Демо-стена';

/**
 * The demo wall's token, the same at every start of this deployment, so an open demo wall
 * survives a restart of the server instead of going "не авторизован".
 *
 * Why this is safe: it is an HMAC of the deployment's cookie-signing secret (32 random bytes
 * made at the first start and kept in Redis, or OBZOR_SESSION_SECRET), not a constant — no
 * two deployments share it and no one can guess it without that secret; whoever can read that
 * secret can already forge any session, a wall token gives them less. It is made only while
 * the demo runs (main.ts), it opens a wall (no personal data), and an admin who revokes it
 * gets a random one at the next start instead.
 */
export function demoDisplayToken(sessionSecret: string): string {
  return createHmac('sha256', sessionSecret).update('obzor demo wall display token v1').digest('base64url');
}

/**
 * One demo wall token: the stable one (kept if it is there, provisioned if not); earlier demo
 * walls (a random token each start, before) are revoked. If the stable token was revoked by an
 * admin, that stands: a random token is issued as before.
 */
export async function ensureDemoDisplay(displays: DisplayTokenStore, sessionSecret: string): Promise<{ token: string; reused: boolean }> {
  const stable = demoDisplayToken(sessionSecret);
  const kept = await displays.verify(stable);
  const token = kept ? stable : (await displays.issued(stable)) ? undefined : stable;
  let id = kept?.id;
  let issued = token;
  if (!kept) {
    const made = await displays.create(DEMO_DISPLAY_NAME, [], ...(token ? [token] : []));
    id = made.display.id;
    issued = made.token;
  }
  for (const d of await displays.list()) if (d.name === DEMO_DISPLAY_NAME && !d.revokedAt && d.id !== id) await displays.revoke(d.id);
  return { token: issued!, reused: !!kept };
}
