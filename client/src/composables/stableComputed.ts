/**
 * A computed that keeps its previous value when the new one is the same data: whatever reads it
 * (a tile's props) sees no change, so Vue does not re-render that tile. An update of one site
 * rebuilds every figure of the wall; most of them come out as they were (npm run bench -- tv).
 */
import { computed, type ComputedRef } from 'vue';
import { sameValue } from '@shared/site-patch.js';

export function stableComputed<T>(get: () => T): ComputedRef<T> {
  return computed((previous?: T) => {
    const next = get();
    return previous !== undefined && sameValue(previous, next) ? previous : next;
  });
}
