/**
 * Starts the configured Asterisk feeds (queue_log followers, AMI clients) into the in-process
 * ingest path, and records each feed's connection state for the screens (a wall must never
 * look healthy while its feed is dead).
 */
import type { Logger } from 'pino';
import { AmiClient } from '../adapters/asterisk/ami-client.js';
import type { EventSink } from '../adapters/asterisk/event-sink.js';
import { QueueLogFollower } from '../adapters/asterisk/queue-log-follower.js';
import type { IngestService } from '../ingest/ingest-service.js';
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';
import type { FeedConfig } from './feeds-config.js';
import { ingestSink } from './ingest-sink.js';
import type { FeedHealth } from '../realtime/feed-health.js';
import { QueueFilter } from './queue-filter.js';
import { RedisPositionStore } from './redis-position-store.js';

export interface RunningFeeds {
  stop(): Promise<void>;
}

export function startFeeds(feeds: readonly FeedConfig[], deps: { ingest: IngestService; redis: ObzorRedis; keys: Keys; log: Logger; health: FeedHealth; env?: NodeJS.ProcessEnv }): RunningFeeds {
  const stops: (() => Promise<void> | void)[] = [];
  const setConnected = (name: string, connected: boolean) => deps.health.connected(name, connected);
  for (const feed of feeds) {
    const log = deps.log.child({ feed: feed.name });
    const filter = new QueueFilter(feed.queues);
    const inner = ingestSink(deps.ingest, feed.name, log);
    const sink: EventSink = (events) => inner(filter.keep(events));
    const { name: _name, type: _type, queues: _queues, ...mapperOpts } = feed;
    if (feed.type === 'queue_log') {
      const follower = new QueueLogFollower({
        ...mapperOpts,
        site: feed.site,
        path: feed.path,
        sink,
        positions: RedisPositionStore.forFeed(deps.redis, deps.keys, feed.name),
        ...(feed.pollMs ? { pollMs: feed.pollMs } : {}),
        onNotice: (n) => log.info({ notice: n }, 'queue_log'),
      });
      void follower.start();
      void setConnected(feed.name, true);
      stops.push(() => follower.stop());
    } else {
      const { secretEnv, host, port, username, ...rest } = mapperOpts as Extract<FeedConfig, { type: 'ami' }>;
      const client = new AmiClient({ ...rest, host, port, username, secret: (deps.env ?? process.env)[secretEnv] ?? '', sink, logger: log });
      client.on('status', (s) => {
        log.info({ status: s.status, reason: s.reason }, 'AMI');
        void setConnected(feed.name, s.status === 'connected');
      });
      void setConnected(feed.name, false);
      client.start();
      stops.push(() => client.stop());
    }
  }
  return {
    async stop() {
      for (const s of stops) await s();
    },
  };
}
