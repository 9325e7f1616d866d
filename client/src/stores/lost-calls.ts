/**
 * Issue 16: the console's marks on lost callers (reached / not reached / no number). The list
 * itself is the dashboard's (`SiteState.lostCalls`, pushed): a mark goes out here, and the entry
 * leaves (or shows its attempt) with the next push.
 */
import { siteKey } from '@shared/site-key.js';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { LostCallOutcome } from '@shared/events.js';
import { ApiError, newIdempotencyKey, postLostCallBack } from '../api/obzor-api.js';
import type { ActionError } from './escalations.js';

export const useLostCallsStore = defineStore('lostCalls', () => {
  /** `site|callId` of the entry being marked */
  const busy = ref<string | null>(null);
  const failed = shallowRef<{ key: string; error: ActionError } | null>(null);
  /** one Idempotency-Key per entry, outcome and attempt until it goes through: a double click or a retry is one mark */
  const keys = new Map<string, string>();

  async function mark(site: string, callId: string, outcome: LostCallOutcome, attempts: number): Promise<void> {
    const key = siteKey(site, callId);
    const k = `${key}|${outcome}|${attempts}`;
    const idem = keys.get(k) ?? newIdempotencyKey();
    keys.set(k, idem);
    busy.value = key;
    failed.value = null;
    try {
      await postLostCallBack(site, callId, outcome, idem);
      keys.delete(k);
    } catch (e) {
      failed.value = { key, error: { status: e instanceof ApiError ? e.status : 0, message: (e as Error).message } };
    } finally {
      busy.value = null;
    }
  }

  return { busy, failed, mark };
});
