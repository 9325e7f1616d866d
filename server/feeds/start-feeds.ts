/**
 * Starts the configured Asterisk feeds (queue_log followers, AMI clients) into the in-process
 * ingest path, and records each feed's state for the screens (a wall must never look healthy
 * while its feed is dead): connected or not, its site and kind (which screens it concerns, and
 * whether it sees rings at all), the events it could not place, and its gaps — the times it
 * (or Obzor) was away — in history.
 */
import type { Logger } from 'pino';
import { AmiClient } from '../adapters/asterisk/ami-client.js';
import type { EventSink } from '../adapters/asterisk/event-sink.js';
import { MemberDirectory } from '../adapters/asterisk/member-directory.js';
import { QueueLogFollower } from '../adapters/asterisk/queue-log-follower.js';
import type { IngestService } from '../ingest/ingest-service.js';
import type { Metrics } from '../observability/metrics.js';
import type { FeedInfo } from '../store/feed-info.js';
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';
import type { FeedConfig } from './feeds-config.js';
import { FeedStore } from './feed-store.js';
import { ingestSink } from './ingest-sink.js';
import type { FeedHealth } from '../realtime/feed-health.js';
import { QueueFilter } from './queue-filter.js';
import { RedisPositionStore } from './redis-position-store.js';

export interface RunningFeeds {
  stop(): Promise<void>;
}

/** how often learned member names and feed info reach Redis */
const SAVE_MS = 2000;

/** the options every adapter of a feed takes from its configuration */
export function mapperOptionsOf(feed: FeedConfig) {
  const { site, queueMap, line, lineByQueue, agentMap, callIdPrefix } = feed;
  return { site, ...(queueMap ? { queueMap } : {}), ...(line ? { line } : {}), ...(lineByQueue ? { lineByQueue } : {}), ...(agentMap ? { agentMap } : {}), ...(callIdPrefix ? { callIdPrefix } : {}) };
}

export function startFeeds(feeds: readonly FeedConfig[], deps: { ingest: IngestService; redis: ObzorRedis; keys: Keys; log: Logger; health: FeedHealth; env?: NodeJS.ProcessEnv; metrics?: Metrics }): RunningFeeds {
  const stops: (() => Promise<void> | void)[] = [];
  const store = new FeedStore(deps.redis, deps.keys);
  const setConnected = (name: string, connected: boolean) => deps.health.connected(name, connected);
  // one directory of member names per site, shared by its feeds, kept in Redis
  const directories = new Map<string, MemberDirectory>();
  for (const site of new Set(feeds.map((f) => f.site))) directories.set(site, new MemberDirectory());
  const loaded = Promise.all(
    [...directories].map(([site, dir]) =>
      store.memberPairs(site).then(
        (pairs) => dir.merge(pairs),
        (e: Error) => deps.log.warn({ site, error: e.message }, 'member names not read from Redis'),
      ),
    ),
  );
  const infos = new Map<string, FeedInfo>();
  const dirty = new Set<string>();
  const save = async () => {
    for (const [site, dir] of directories) {
      const changes = dir.takeChanges();
      if (changes.length) await store.saveMemberPairs(site, changes).catch((e: Error) => deps.log.warn({ site, error: e.message }, 'member names not saved'));
    }
    for (const name of [...dirty]) {
      dirty.delete(name);
      await store.setInfo(name, infos.get(name)!).catch(() => dirty.add(name));
    }
  };
  const timer = setInterval(() => void save(), SAVE_MS);
  timer.unref();
  let stopped = false;
  const later = (start: () => unknown) => void loaded.then(() => stopped || start());

  for (const feed of feeds) {
    const log = deps.log.child({ feed: feed.name });
    const filter = new QueueFilter(feed.queues);
    const inner = ingestSink(deps.ingest, feed.name, log);
    const sink: EventSink = (events) => inner(filter.keep(events));
    const members = directories.get(feed.site)!;
    const info: FeedInfo = { site: feed.site, kind: feed.type, seesRings: feed.type === 'ami', mapErrors: 0 };
    infos.set(feed.name, info);
    dirty.add(feed.name);
    const unmapped = () => {
      info.mapErrors += 1;
      dirty.add(feed.name);
      deps.metrics?.feedUnmapped.inc({ source: feed.name });
    };
    const gap = (from: number, to: number) => {
      if (!(to > from)) return;
      info.lastGap = { from, to };
      dirty.add(feed.name);
      deps.metrics?.feedGaps.inc({ source: feed.name });
      void store.recordGap(feed.site, { source: feed.name, from, to }).catch((e: Error) => log.warn({ error: e.message }, 'gap not recorded'));
    };
    if (feed.type === 'queue_log') {
      const follower = new QueueLogFollower({
        ...mapperOptionsOf(feed),
        members,
        path: feed.path,
        sink,
        positions: RedisPositionStore.forFeed(deps.redis, deps.keys, feed.name),
        ...(feed.pollMs ? { pollMs: feed.pollMs } : {}),
        onNotice: (n) => {
          if (n.kind === 'missing') void setConnected(feed.name, false);
          else if (n.kind === 'reading') void setConnected(feed.name, true);
          else if (n.kind === 'malformed') unmapped();
          else if (n.kind === 'unpaired_member') {
            unmapped();
            log.warn({ name: n.name, line: n.lineNo }, 'queue_log: a member name with no interface: map it in agentMap ("name": "1001"), or set log_membername_as_agent = yes in queues.conf — until then this operator shows twice');
            return;
          }
          else if (n.kind === 'pbx_restarted') {
            // the PBX was down from its last line to this start: nothing it did then was logged
            if (n.lastLineAtMs !== undefined) gap(n.lastLineAtMs, n.atMs);
            log.warn({ notice: n }, 'queue_log: the PBX started again; calls it had in progress are closed as reconciled');
            return;
          }
          log.info({ notice: n }, 'queue_log');
        },
      });
      void setConnected(feed.name, false);
      later(() => follower.start());
      stops.push(() => follower.stop());
    } else {
      const { secretEnv, host, port, username } = feed;
      const client = new AmiClient({
        ...mapperOptionsOf(feed),
        members,
        host,
        port,
        username,
        secret: (deps.env ?? process.env)[secretEnv] ?? '',
        sink,
        logger: log,
        view: () => store.view(feed.site, feed.callIdPrefix),
        lastSeenAt: () => store.lastEventAt(feed.name),
        remembered: store.rememberedCalls(feed.name),
      });
      client.on('status', (s) => {
        log.info({ status: s.status, reason: s.reason }, 'AMI');
        void setConnected(feed.name, s.status === 'connected');
      });
      client.on('notice', (n) => {
        if (n.kind === 'map_error') unmapped();
        else if (n.kind === 'gap') gap(n.fromMs, n.toMs);
        else if (n.kind === 'reconciled') {
          deps.metrics?.feedReconciled.inc({ source: feed.name, action: 'closed' }, n.closed);
          deps.metrics?.feedReconciled.inc({ source: feed.name, action: 'adopted' }, n.adopted);
        }
      });
      void setConnected(feed.name, false);
      later(() => client.start());
      stops.push(() => client.stop());
    }
  }
  return {
    async stop() {
      stopped = true;
      for (const s of stops) await s();
      clearInterval(timer);
      await save();
    },
  };
}
