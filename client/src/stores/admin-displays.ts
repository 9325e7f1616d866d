/**
 * The admin's display tokens (/admin): the list, making one (its kiosk URL is shown this once),
 * changing a display's sites and layout (its open walls follow live), revoking. Fetches through
 * the API module; the view only reads and calls.
 */
import { defineStore } from 'pinia';
import { useAdminAction } from './admin-action.js';
import { ref } from 'vue';
import type { DisplayLayout, DisplayRecord } from '@shared/display-layout.js';
import { deleteDisplay, fetchDisplays, patchDisplay, postDisplay, postDisplayReload } from '../api/obzor-api.js';

export const useAdminDisplaysStore = defineStore('admin-displays', () => {
  const displays = ref<DisplayRecord[]>([]);
  /** the build the server serves: a screen running another one needs a reload */
  const clientVersion = ref<string | undefined>(undefined);
  const loaded = ref(false);
  const { error, attempt } = useAdminAction();
  /** the kiosk URL of the display just made: shown once, never again */
  const created = ref<{ id: string; name: string; url: string } | null>(null);
  /** the display whose change was just saved (the view says so) */
  const saved = ref<string | null>(null);


  const refresh = async () => {
    const r = await fetchDisplays();
    displays.value = r.displays;
    clientVersion.value = r.clientVersion;
    loaded.value = true;
  };

  const load = () => attempt(refresh, { change: false });

  const create = (name: string, sites: readonly string[], layout: DisplayLayout) =>
    attempt(async () => {
      const r = await postDisplay(name, sites, layout);
      created.value = { id: r.display.id, name: r.display.name, url: r.url };
      displays.value = [...displays.value, r.display];
    });

  const update = (id: string, change: { sites?: readonly string[]; layout?: DisplayLayout }) =>
    attempt(async () => {
      await patchDisplay(id, change);
      // the list again: the screens on line too
      await refresh();
      saved.value = id;
    });

  /** its screens reload the page (on every node) */
  const reload = (id: string) =>
    attempt(async () => {
      await postDisplayReload(id);
    });

  const revoke = (id: string) =>
    attempt(async () => {
      await deleteDisplay(id);
      await load();
    });

  return { displays, clientVersion, loaded, error, created, saved, load, create, update, reload, revoke };
});
