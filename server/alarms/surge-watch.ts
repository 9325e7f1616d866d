/**
 * The surge alarm's hand (issue 16, item 3): once a minute, for each site, the queues whose surge
 * test fires (QueueState.surge, server/domain/staffing/queue-surge.ts) get an incident opened —
 * `incident.opened` of kind `surge`, through the same exactly-once ingest path as a manager's or a
 * CRM's — so every wall shows the banner and the storm profile applies until a manager closes it.
 *
 * Once per surge: a queue's alarm is armed again only after a minute in which its test did not
 * fire, so an incident a manager closed while the calls still pour in stays closed. The arming is
 * kept in Redis (`{site}:surge-alarm`, queue → the incident it opened), so a restart does not
 * re-open it; one node a minute checks a site (`{site}:surge-lock`, SET NX), so N nodes open one.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { SiteState } from '../../shared/snapshot.js';
import type { IngestService } from '../ingest/ingest-service.js';
import { decideIncidentOpen } from '../domain/incident-commands.js';
import type { SiteLookup } from '../domain/sites.js';
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';
import type { StateReader } from '../store/state-reader.js';

/** the actor of what Obzor itself records */
export const OBZOR_ACTOR = 'obzor';

export interface SurgeWatchDeps {
  redis: ObzorRedis;
  keys: Keys;
  reader: Pick<StateReader, 'sitesState'>;
  ingest: Pick<IngestService, 'command'>;
  sites: SiteLookup;
  clock: () => number;
  log: Pick<Logger, 'warn' | 'info'>;
  intervalMs: number;
}

export interface SurgeOpened {
  site: string;
  queue: string;
  incidentId: string;
  ratio: number;
}

const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace(/[-:T]/g, '');

export class SurgeWatch {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private readonly nodeId = randomUUID();

  constructor(private readonly d: SurgeWatchDeps) {}

  start(): void {
    if (this.timer || this.d.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick()
        .catch((e: Error) => this.d.log.warn({ err: e.message }, 'surge alarm check failed; next minute again'))
        .finally(() => (this.running = undefined));
    }, this.d.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** one check of every site; what it opened. Tests call it with their own clock. */
  async tick(): Promise<SurgeOpened[]> {
    const opened: SurgeOpened[] = [];
    for (const site of this.d.sites.all()) {
      const lock = await this.d.redis.set(this.d.keys.surgeLock(site.id), this.nodeId, 'PX', Math.max(1000, Math.round(this.d.intervalMs * 0.8)), 'NX');
      if (lock !== 'OK') continue;
      const { states } = await this.d.reader.sitesState([site.id]);
      const state = states[0];
      if (state) opened.push(...(await this.checkSite(state)));
    }
    return opened;
  }

  private async checkSite(state: SiteState): Promise<SurgeOpened[]> {
    const key = this.d.keys.surgeAlarm(state.site);
    const fired = await this.d.redis.hgetall(key);
    const out: SurgeOpened[] = [];
    for (const q of state.queues) {
      if (!q.surge) continue;
      if (!q.surge.surge) {
        // quiet for a minute: the next surge of this queue opens a new incident
        if (fired[q.queue] !== undefined) await this.d.redis.hdel(key, q.queue);
        continue;
      }
      if (fired[q.queue] !== undefined) continue;
      if (state.incidents?.some((i) => i.kind === 'surge' && i.queue === q.queue)) continue;
      const now = this.d.clock();
      const incidentId = `surge-${q.queue}-${stamp(now)}`.slice(0, 128);
      const eventId = `obzor:${incidentId}`;
      const open = { kind: 'surge' as const, title: `Всплеск обращений: ${q.queue}`, queue: q.queue, ratio: q.surge.ratio, windowMin: q.surge.windowMin };
      const result = await this.d.ingest.command(state.site, 'incident', incidentId, (record) => record?.events.find((e) => e.id === eventId) ?? decideIncidentOpen(record?.events, open, { site: state.site, incidentId, actor: OBZOR_ACTOR, eventId, now }));
      if ('refused' in result) {
        this.d.log.warn({ site: state.site, queue: q.queue, why: result.refused }, 'surge alarm could not open its incident');
        continue;
      }
      await this.d.redis.hset(key, q.queue, incidentId);
      if ('applied' in result) {
        this.d.log.info({ site: state.site, queue: q.queue, ratio: q.surge.ratio, observed: q.surge.observed, expected: q.surge.expected, incidentId }, 'surge of calls: incident opened');
        out.push({ site: state.site, queue: q.queue, incidentId, ratio: q.surge.ratio });
      }
    }
    return out;
  }
}
