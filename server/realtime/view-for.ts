/**
 * The ONE place that decides what a principal may see of the dashboard: only its sites, and
 * personal data (client fields, free-text summaries that may quote the client) only for roles
 * allowed to see it (N6). Walls and duty screens get the redacted view.
 */
import { can, type Role } from '../../shared/roles.js';
import type { SiteState, Snapshot } from '../../shared/snapshot.js';

export type Audience = 'redacted' | 'personal';

export function audienceOf(role: Role): Audience {
  return can(role, 'view:personal-data') ? 'personal' : 'redacted';
}

export function siteFor(state: SiteState, audience: Audience): SiteState {
  if (audience === 'personal') return state;
  return { ...state, conflicts: state.conflicts.map(({ client: _client, summary: _summary, ...rest }) => rest) };
}

export function snapshotFor(snapshot: Snapshot, audience: Audience): Snapshot {
  return { ...snapshot, sites: snapshot.sites.map((s) => siteFor(s, audience)) };
}
