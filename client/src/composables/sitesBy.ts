import { computed, type ComputedRef } from 'vue';
import type { SiteState } from '@shared/snapshot.js';

/**
 * The sites as a figure that reads only `parts` of each sees them: the same array while every
 * part is the same object as before (an update's patch keeps whatever it did not change:
 * shared/site-patch.ts), so an update that did not touch what the figure reads neither works it
 * out again nor compares its result (npm run bench -- tv). `parts` must name all the figure reads.
 */
export function sitesBy(sites: () => readonly SiteState[], parts: (s: SiteState) => readonly unknown[]): ComputedRef<readonly SiteState[]> {
  let seen: readonly unknown[] = [];
  return computed<readonly SiteState[]>((previous) => {
    const next = sites();
    const now = next.flatMap(parts);
    if (previous !== undefined && now.length === seen.length && now.every((x, i) => x === seen[i])) return previous;
    seen = now;
    return next;
  });
}

