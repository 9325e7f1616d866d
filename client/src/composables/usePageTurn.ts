/**
 * A page number that turns every `everyMs` (a tile whose rows do not all fit shows them in
 * turns). The page's timers are the browser's, so a test drives it with Playwright's clock.
 */
import { onScopeDispose, ref, type Ref } from 'vue';

export const PAGE_TURN_MS = 8_000;

export function usePageTurn(everyMs = PAGE_TURN_MS): Ref<number> {
  const page = ref(0);
  const timer = setInterval(() => (page.value += 1), everyMs);
  onScopeDispose(() => clearInterval(timer));
  return page;
}
