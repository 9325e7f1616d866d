/**
 * The ONE place that decides what a principal may see of the dashboard: only its sites, and
 * personal data (client fields, free-text summaries that may quote the client) only for roles
 * allowed to see it (N6). Operators' names and pause reasons are staff's personal data: the
 * signed-in duty, manager and admin views carry them (the operator board), walls never.
 */
import { can, type Role } from '../../shared/roles.js';
import type { SiteState, Snapshot } from '../../shared/snapshot.js';

/** `wall`: neither client data nor operators' names; `redacted` (duty): no client data; `personal`: all */
export type Audience = 'wall' | 'redacted' | 'personal';

export function audienceOf(role: Role): Audience {
  if (can(role, 'view:personal-data')) return 'personal';
  return can(role, 'view:staff-names') ? 'redacted' : 'wall';
}

export function siteFor(state: SiteState, audience: Audience): SiteState {
  if (audience === 'personal') return state;
  const redacted = {
    ...state,
    conflicts: state.conflicts.map(({ client: _client, summary: _summary, ...rest }) => rest),
    // issue 16: a lost caller's number and account are for the console only
    ...(state.lostCalls ? { lostCalls: state.lostCalls.map(({ client: _client, ...rest }) => rest) } : {}),
    // the repeat callers' list is who called: the queues' counts (`queues[].repeatCallers`) are what others see
    ...(state.repeatCallers ? { repeatCallers: [] } : {}),
  };
  if (audience === 'redacted') return redacted;
  return {
    ...redacted,
    agents: state.agents.map(({ name: _name, reason: _reason, ...rest }) => rest),
    // a wall shows what happened and the note, not which member of staff wrote it
    ...(state.incidents ? { incidents: state.incidents.map(({ openedBy: _by, ...rest }) => ({ ...rest, notes: rest.notes.map(({ by: _noteBy, ...n }) => n) })) } : {}),
  };
}

export function snapshotFor(snapshot: Snapshot, audience: Audience): Snapshot {
  return { ...snapshot, sites: snapshot.sites.map((s) => siteFor(s, audience)) };
}
