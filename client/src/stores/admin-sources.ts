/**
 * The admin's ingest sources (/admin): the list (those from OBZOR_INGEST_KEYS marked), a new one
 * or a new key for an existing one (the key and HMAC secret shown this once), removing one.
 */
import { defineStore } from 'pinia';
import { useAdminAction } from './admin-action.js';
import { ref } from 'vue';
import type { SourceRecord } from '@shared/roles.js';
import type { ApiResponses } from '@shared/api.js';
import { deleteSource, fetchSources, postSource } from '../api/obzor-api.js';

export const useAdminSourcesStore = defineStore('admin-sources', () => {
  const sources = ref<SourceRecord[]>([]);
  const { error, attempt } = useAdminAction();
  /** the credentials just issued: shown once */
  const issued = ref<ApiResponses['sourceCreate'] | null>(null);


  const load = () =>
    attempt(async () => {
      sources.value = (await fetchSources()).sources;
    }, { change: false });
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
