/**
 * A thing of one site named uniquely across sites (an escalation in the console, a row on a
 * screen): `<site>/<id>`. Site ids are `[a-z0-9-]` (server/domain/sites.ts) and entity ids may
 * hold `/` (shared/entity-id.ts), so the first `/` is the split. No zod here: the client imports it.
 */
export function siteKey(site: string, id: string): string {
  return `${site}/${id}`;
}

export function splitSiteKey(key: string): { site: string; id: string } {
  const cut = key.indexOf('/');
  return cut < 0 ? { site: key, id: '' } : { site: key.slice(0, cut), id: key.slice(cut + 1) };
}
