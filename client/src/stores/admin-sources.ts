/**
 * The admin's ingest sources (/admin): the list (those from OBZOR_INGEST_KEYS marked), a new one
 * or a new key for an existing one (the key and HMAC secret shown this once), removing one.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SourceRecord } from '@shared/roles.js';
import type { ApiResponses } from '@shared/api.js';
import { deleteSource, fetchSources, postSource } from '../api/obzor-api.js';

export const useAdminSourcesStore = defineStore('admin-sources', () => {
  const sources = ref<SourceRecord[]>([]);
  const error = ref<string | null>(null);
  /** the credentials just issued: shown once */
  const issued = ref<ApiResponses['sourceCreate'] | null>(null);

  async function attempt(work: () => Promise<void>): Promise<boolean> {
    error.value = null;
    try {
      await work();
      return true;
    } catch (e) {
      error.value = (e as Error).message;
      return false;
    }
  }

  const load = () =>
    attempt(async () => {
      sources.value = (await fetchSources()).sources;
    });
  const create = (name: string, hmac: boolean) =>
    attempt(async () => {
      issued.value = await postSource(name, hmac);
      sources.value = (await fetchSources()).sources;
    });
  const remove = (name: string) =>
    attempt(async () => {
      await deleteSource(name);
      sources.value = sources.value.filter((s) => s.source !== name);
      // a key just shown for it no longer works: do not leave it on screen
      if (issued.value?.source === name) issued.value = null;
    });

  return { sources, error, issued, load, create, remove };
});
