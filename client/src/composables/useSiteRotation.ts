/**
 * A wall with several sites turning through them (the display's layout, or `?rotate=N` in its
 * URL): one site at a time, the next every N seconds (5…3600), so a hall with one TV still sees
 * each unit's own figures. Without it, or with a single site, the wall shows its sites together
 * (focus stays null). The period may change while the wall is up (an admin edits the display).
 */
import { computed, onScopeDispose, ref, watch, type Ref } from 'vue';
import { ROTATE_SECONDS } from '@shared/display-layout.js';

const MIN_S = ROTATE_SECONDS.min;
const MAX_S = ROTATE_SECONDS.max;

export function rotationSeconds(search: string): number | null {
  const raw = new URLSearchParams(search).get('rotate');
  if (raw === null) return null;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? Math.min(MAX_S, Math.max(MIN_S, Math.round(n))) : null;
}

export function useSiteRotation(siteIds: Ref<readonly string[]>, seconds: Ref<number | null>): Ref<string | null> {
  const index = ref(0);
  const focus = computed(() => {
    const ids = siteIds.value;
    if (seconds.value === null || ids.length < 2) return null;
    return ids[index.value % ids.length] ?? null;
  });
  let timer: ReturnType<typeof setInterval> | undefined;
  watch(
    seconds,
    (s) => {
      if (timer !== undefined) clearInterval(timer);
      timer = s === null ? undefined : setInterval(() => (index.value += 1), s * 1000);
    },
    { immediate: true },
  );
  onScopeDispose(() => clearInterval(timer));
  // a site that leaves the list must not leave the wall pointing at nothing
  watch(siteIds, (ids) => {
    if (ids.length) index.value %= ids.length;
  });
  return focus;
}
