/**
 * Issue 16: a manager's actions on incidents (open, note, end). The incidents themselves come
 * with the snapshot (SiteState.incidents); a click only sends the action and the next update
 * shows its result. Each click has its own Idempotency-Key, kept for its retries.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { IncidentOpenRequest } from '@shared/incidents.js';
import { newIdempotencyKey, postIncidentAction, postIncidentOpen } from '../api/obzor-api.js';

export const useIncidentsStore = defineStore('incidents', () => {
  const error = ref<string | null>(null);
  /** what is being sent: `open`, or `<site>/<incidentId>` */
  const busy = ref<string | null>(null);

  async function attempt(what: string, work: () => Promise<unknown>): Promise<boolean> {
    error.value = null;
    busy.value = what;
    try {
      await work();
      return true;
    } catch (e) {
      error.value = (e as Error).message;
      return false;
    } finally {
      busy.value = null;
    }
  }

  const open = (site: string, body: IncidentOpenRequest) => attempt('open', () => postIncidentOpen(site, body, newIdempotencyKey()));
  const note = (site: string, incidentId: string, text: string) => attempt(`${site}/${incidentId}`, () => postIncidentAction(site, incidentId, 'note', { note: text }, newIdempotencyKey()));
  const close = (site: string, incidentId: string) => attempt(`${site}/${incidentId}`, () => postIncidentAction(site, incidentId, 'close', {}, newIdempotencyKey()));

  return { error, busy, open, note, close };
});
