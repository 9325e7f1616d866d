/**
 * `?rotate=N` on a wall with several sites: show one site at a time, the next every N seconds
 * (5…3600), so a hall with one TV still sees each unit's own figures. Without it, or with a
 * single site, the wall shows its sites together (focus stays null).
 */
import { computed, onScopeDispose, ref, watch, type Ref } from 'vue';

const MIN_S = 5;
const MAX_S = 3600;

export function rotationSeconds(search: string): number | null {
  const raw = new URLSearchParams(search).get('rotate');
  if (raw === null) return null;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? Math.min(MAX_S, Math.max(MIN_S, Math.round(n))) : null;
}

export function useSiteRotation(siteIds: Ref<readonly string[]>, search = window.location.search): Ref<string | null> {
  const seconds = rotationSeconds(search);
  const index = ref(0);
  const focus = computed(() => {
    const ids = siteIds.value;
    if (seconds === null || ids.length < 2) return null;
    return ids[index.value % ids.length] ?? null;
  });
  if (seconds !== null) {
    const timer = setInterval(() => (index.value += 1), seconds * 1000);
    onScopeDispose(() => clearInterval(timer));
  }
  // a site that leaves the list must not leave the wall pointing at nothing
  watch(siteIds, (ids) => {
    if (ids.length) index.value %= ids.length;
  });
  return focus;
}
