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
import { archivedDays, dayFile, readDayLines } from '../archive/archive-files.js';
import type { ObzorRedis } from './redis-client.js';

export interface RebuildReport {
  site: string;
  events: number;
  skipped: number;
  /** of `events`, replayed from the archive's files (issue 18) */
  fromArchive: number;
  /** archived days replayed */
  archivedDays: number;
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

/** `archiveDir`: the days archived there (issue 18: server/archive) are replayed first, oldest first, then the log */
export async function rebuildFromLog(redis: ObzorRedis, keys: Keys, sites: readonly SiteConfig[], settings: StoreSettings, now = Date.now(), archiveDir?: string): Promise<RebuildReport[]> {
  const siteMap = new Map(sites.map((s) => [s.id, s]));
  const replay = new EventStore(redis, keys, siteMap, settings, false);
  const reports: RebuildReport[] = [];
  for (const site of sites) {
    await clearDerived(redis, keys, site.id);
    const report: RebuildReport = { site: site.id, events: 0, skipped: 0, fromArchive: 0, archivedDays: 0 };
    const replayParsed = async (raw: readonly string[]) => {
      const events: ObzorEvent[] = [];
      for (const line of raw) {
        let json: unknown;
        try {
          json = JSON.parse(line);
        } catch {
          report.skipped++;
          continue;
        }
        const parsed = ObzorEvent.safeParse(json);
        if (parsed.success) events.push(parsed.data);
        else report.skipped++;
      }
      // an event both archived and still in the log (a crash between the two) is a duplicate here: counted once
      await replay.apply(events);
      report.events += events.length;
      return events.length;
    };
    for (const day of archiveDir ? archivedDays(archiveDir, site.id) : []) {
      let chunk: string[] = [];
      for await (const line of readDayLines(dayFile(archiveDir!, site.id, day.day))) {
        chunk.push(line);
        if (chunk.length === CHUNK) {
          report.fromArchive += await replayParsed(chunk);
          chunk = [];
        }
      }
      report.fromArchive += await replayParsed(chunk);
      report.archivedDays++;
    }
    let from = '-';
    for (;;) {
      const entries = (await redis.xrange(keys.log(site.id), from, '+', 'COUNT', CHUNK)) as [string, string[]][];
      if (entries.length === 0) break;
      await replayParsed(entries.map(([, fields]) => fields[1] ?? 'null'));
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
