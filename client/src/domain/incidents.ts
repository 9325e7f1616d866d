/**
 * The open incidents of the screen's sites (issue 16), as banners list them: oldest first across
 * sites, each with its newest note and whether its site runs on its storm profile now. The server
 * decides all of it (SiteState.incidents, .storm); this only lays it out.
 */
import type { IncidentLive, SiteState } from '@shared/snapshot.js';
import { siteKey } from '@shared/site-key.js';

export interface IncidentRow {
  key: string;
  site: string;
  incident: IncidentLive;
  /** the newest note */
  note?: { at: number; note: string };
  storm: boolean;
}

/** a wall shows this much of a note (the console all of it): a band of two lines at most, whatever a manager typed */
export const WALL_NOTE_CHARS = 120;

export function wallNote(note: string, max = WALL_NOTE_CHARS): string {
  if (note.length <= max) return note;
  const cut = note.lastIndexOf(' ', max - 1);
  return `${note.slice(0, cut > max / 2 ? cut : max - 1).trimEnd()}…`;
}

export function incidentRows(sites: readonly Pick<SiteState, 'site' | 'incidents' | 'storm'>[]): IncidentRow[] {
  const rows: IncidentRow[] = [];
  for (const s of sites) {
    for (const i of s.incidents ?? []) {
      const note = i.notes[0];
      rows.push({ key: siteKey(s.site, i.incidentId), site: s.site, incident: i, ...(note ? { note: { at: note.at, note: note.note } } : {}), storm: s.storm === true });
    }
  }
  return rows.sort((a, b) => a.incident.openedAt - b.incident.openedAt || a.key.localeCompare(b.key));
}
