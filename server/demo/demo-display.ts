import type { DisplayTokenStore } from '../auth/display-tokens.js';

export const DEMO_DISPLAY_NAME = 'Демо-стена';

/** One demo wall token at a time: the previous start's token is revoked, a new one issued. */
export async function renewDemoDisplay(displays: DisplayTokenStore): Promise<{ token: string }> {
  for (const d of await displays.list()) if (d.name === DEMO_DISPLAY_NAME && !d.revokedAt) await displays.revoke(d.id);
  const { token } = await displays.create(DEMO_DISPLAY_NAME, []);
  return { token };
}
