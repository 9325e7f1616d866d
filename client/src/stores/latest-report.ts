/**
 * What the report stores of /reports share (issue 17): the answer to the latest ask only (an older
 * answer arriving late is dropped), and the export link of the same query, so a file holds exactly
 * what the screen shows.
 */
import { ref, shallowRef } from 'vue';

export function latestReport<Q, R>(fetch: (q: Q) => Promise<R>, onShown?: (q: Q) => void) {
  const report = shallowRef<R | null>(null);
  const error = ref<string | null>(null);
  const loading = ref(false);
  let asked = 0;

  async function load(q: Q): Promise<void> {
    const mine = ++asked;
    loading.value = true;
    error.value = null;
    try {
      const r = await fetch(q);
      if (mine === asked) {
        report.value = r;
        onShown?.(q);
      }
    } catch (e) {
      if (mine === asked) error.value = (e as Error).message;
    } finally {
      if (mine === asked) loading.value = false;
    }
  }

  return { report, error, loading, load };
}

/** the export's address: the report's query with a format (and the CSV's separator, the language) */
export function reportExportHref(path: string, params: Record<string, string>, format: 'csv' | 'xlsx', extra: Record<string, string> = {}): string {
  return `${path}?${new URLSearchParams({ ...params, format, ...extra }).toString()}`;
}
