/**
 * Tells the duty engineer about state that cannot be shown: each bad live entry and each site
 * that failed is logged once (with its key — the state is re-read many times a second, the log
 * must not flood) and counted in /metrics on every read, so an alert sees it as long as it lasts.
 */
import type { Logger } from 'pino';
import type { StateProblems } from '../store/state-reader.js';
import type { Metrics } from './metrics.js';

/** at most this many distinct keys remembered as "already logged" */
const REMEMBERED = 10_000;

export function reportStateProblems(log: Logger, metrics: Metrics): StateProblems {
  const logged = new Set<string>();
  const once = (key: string, write: () => void) => {
    if (logged.has(key)) return;
    if (logged.size >= REMEMBERED) logged.clear();
    logged.add(key);
    write();
  };
  return {
    entrySkipped(site, key, error) {
      metrics.stateEntriesSkipped.inc({ site });
      once(`${site}\u0000${key}`, () => log.error({ site, entry: key, err: (error as Error).message }, 'live entry skipped: its state cannot be computed'));
    },
    siteFailed(site, error) {
      metrics.stateSiteFailures.inc({ site });
      once(`${site}\u0000(site)`, () => log.error({ site, err: error }, 'site state skipped: it cannot be built; other sites still go out'));
    },
    siteRead(site, skipped) {
      metrics.stateBadEntries.set({ site }, skipped);
    },
  };
}
