/**
 * The built-in demo as `npm start` runs it when no feed is configured: a sender of its own
 * (an API key in memory, for this process only), its model (demo-feed.ts) with what it keeps
 * across restarts in Redis — its calls in progress under the feed calls key of the source
 * `demo` (store/keys.ts), read back with the live tables at the next start — and one wall
 * display whose token stays the same across restarts (demo-display.ts).
 */
import type { Config } from '../config.js';
import { newSecret } from '../auth/secret-tokens.js';
import { sessionSecret } from '../auth/session.js';
import { FeedStore } from '../feeds/feed-store.js';
import type { ObzorServer } from '../obzor-server.js';
import { ensureDemoDisplay } from './demo-display.js';
import { startDemoFeed, type DemoFeed, type DemoFeedOptions, type DemoMemory } from './demo-feed.js';

/** the demo's source name: its events carry it, and its last arrival tells when it was last heard */
export const DEMO_SOURCE = 'demo';

export interface RunningDemo {
  /** the demo wall's display token (the same after a restart) */
  token: string;
  feed: DemoFeed;
  stop(): Promise<void>;
}

/** Obzor's own view of what the demo left, in Redis: read through the state reader and the feed store. */
export function redisDemoMemory(server: Pick<ObzorServer, 'redis' | 'keys' | 'reader'>): DemoMemory {
  const feeds = new FeedStore(server.redis, server.keys);
  const key = server.keys.feedCalls(DEMO_SOURCE);
  return {
    lastHeard: () => feeds.lastEventAt(DEMO_SOURCE),
    async leftovers(site) {
      const [{ states }, raw] = await Promise.all([server.reader.sitesState([site]), server.redis.hgetall(key)]);
      const state = states[0];
      if (!state) throw new Error(`site ${site} could not be read`);
      const journal: { callId: string; answered: boolean }[] = [];
      for (const [callId, v] of Object.entries(raw)) {
        try {
          const j = JSON.parse(v) as { site?: string; answered?: boolean };
          if (j.site === site) journal.push({ callId, answered: !!j.answered });
        } catch {
          // a damaged entry: that call, if still waiting, is closed from the live table anyway
        }
      }
      return { site, live: state, journal };
    },
    async saveJournal(calls) {
      const m = server.redis.multi().del(key);
      if (calls.length) m.hset(key, ...calls.flatMap((c) => [c.callId, JSON.stringify({ site: c.site, answered: c.answered })]));
      await m.exec();
    },
  };
}

export async function startDemo(
  server: ObzorServer,
  config: Pick<Config, 'sites' | 'demoSpeed' | 'sessionSecret'>,
  opts: Pick<DemoFeedOptions, 'stepMs' | 'clock' | 'seed' | 'backfillMaxMs'> = {},
): Promise<RunningDemo> {
  const key = newSecret();
  server.sources.provision(DEMO_SOURCE, key);
  const { token } = await ensureDemoDisplay(server.displays, await sessionSecret(server.redis, server.keys, config.sessionSecret));
  const feed = await startDemoFeed({
    ingestUrl: `${server.url}/api/v1/events`,
    sites: config.sites,
    speed: config.demoSpeed,
    log: server.log,
    headers: { authorization: `Bearer ${key}` },
    memory: redisDemoMemory(server),
    ...opts,
  });
  return { token, feed, stop: () => feed.stop() };
}
