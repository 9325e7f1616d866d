/**
 * The wall's own settings, when it is a display (a kiosk with a display token): its name and
 * layout as an admin set them (shared/display-layout.ts), sent by the server on connect and
 * again whenever they change, so the wall re-lays itself out without a reload.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DisplayLayout, DisplaySettings } from '@shared/display-layout.js';

export const useDisplayStore = defineStore('display', () => {
  const name = ref<string | null>(null);
  const layout = ref<DisplayLayout>({});
  /** how many layouts arrived (a test and the page's data attribute see a change land) */
  const revision = ref(0);

  function apply(settings: DisplaySettings): void {
    name.value = settings.name;
    layout.value = settings.layout;
    revision.value += 1;
  }

  return { name, layout, revision, apply };
});
