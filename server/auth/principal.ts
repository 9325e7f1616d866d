import type { Role } from '../../shared/roles.js';

/** Whoever a request or socket acts as; resolved once by the auth middleware. */
export type Principal =
  | { kind: 'user'; login: string; role: Role; sites: string[] }
  | { kind: 'display'; tokenId: string; name: string; role: 'wall'; sites: string[] };

export function principalSites(p: Principal, all: readonly string[]): string[] {
  return p.sites.length ? all.filter((s) => p.sites.includes(s)) : [...all];
}
