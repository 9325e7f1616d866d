/**
 * Recomputes every site's state and counters from its event log. Run it with ingest stopped:
 * it clears the derived keys (entities, markers, live tables, counters) and replays the log,
 * (the daily roll-ups only for the days the log touches: older days' stay, the log no longer holds them)
 * with each site's settings in effect (the admin's where /admin changed them),
 * through the same fold as live ingest, so the result is identical to what ingest built.
 */
import { ObzorEvent } from '../../shared/events.js';
import type { SiteConfig } from '../domain/sites.js';
import { EventStore, type StoreSettings } from './event-store.js';
import { pruneSite } from './live-prune.js';
import { escapeGlob, type Keys } from './keys.js';
import { scanKeys } from './scan-keys.js';
import type { ObzorRedis } from './redis-client.js';

export interface RebuildReport {
  site: string;
  events: number;
  skipped: number;
}

const CHUNK = 1000;

async function clearDerived(redis: ObzorRedis, keys: Keys, site: string): Promise<void> {
  // the log is the source; the settings (/admin) and the feeds' gaps are not derived from it
  const keep = new Set([keys.log(site), keys.seq(site), keys.siteSettings(site), keys.gaps(site)]);
  const dayPrefix = keys.daily(site, '');
  for await (const batch of scanKeys(redis, `${escapeGlob(keys.site(site))}*`)) {
    // the days' roll-ups outlive the log: a replay clears only the days it touches (event-store.ts)
    const doomed = batch.filter((k) => !keep.has(k) && !k.startsWith(dayPrefix));
    // one site's keys share its slot: one UNLINK, on a Cluster too
    if (doomed.length) await redis.unlink(...doomed);
  }
}

export async function rebuildFromLog(redis: ObzorRedis, keys: Keys, sites: readonly SiteConfig[], settings: StoreSettings, now = Date.now()): Promise<RebuildReport[]> {
  const siteMap = new Map(sites.map((s) => [s.id, s]));
  const replay = new EventStore(redis, keys, siteMap, settings, false);
  const reports: RebuildReport[] = [];
  for (const site of sites) {
    await clearDerived(redis, keys, site.id);
    const report: RebuildReport = { site: site.id, events: 0, skipped: 0 };
    let from = '-';
    for (;;) {
      const entries = (await redis.xrange(keys.log(site.id), from, '+', 'COUNT', CHUNK)) as [string, string[]][];
      if (entries.length === 0) break;
      const events: ObzorEvent[] = [];
      for (const [, fields] of entries) {
        const parsed = ObzorEvent.safeParse(JSON.parse(fields[1] ?? 'null'));
        if (parsed.success) events.push(parsed.data);
        else report.skipped++;
      }
      await replay.apply(events);
      report.events += events.length;
      const lastId = entries.at(-1)![0];
      from = `(${lastId}`;
      if (entries.length < CHUNK) break;
    }
    // as a read would: lost calls past the kept week and callers' rows past 24 h do not come back with the replay
    await pruneSite(redis, keys, site.id, now);
    reports.push(report);
  }
  return reports;
}
