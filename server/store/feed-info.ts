/**
 * What screens are told about an Asterisk feed besides its last event and connection: its
 * site (a site-bound screen shows its own feeds only), its kind and whether it sees rings as
 * they happen, the events it could not place, and its last gap. Kept in Redis (`feeds:info`)
 * by server/feeds/start-feeds.ts, read into `health` by the push hub.
 */
import { z } from 'zod';
import type { FeedStatus } from '../../shared/socket.js';
import type { Keys } from './keys.js';
import type { ObzorRedis } from './redis-client.js';

export const FeedInfo = z.object({
  site: z.string(),
  kind: z.enum(['ami', 'queue_log']),
  seesRings: z.boolean(),
  mapErrors: z.number().int().nonnegative().default(0),
  lastGap: z.object({ from: z.number(), to: z.number() }).optional(),
});
export type FeedInfo = z.infer<typeof FeedInfo>;

/** the FeedStatus fields of one `feeds:info` value; nothing when it is missing or unreadable */
export function feedStatusOf(raw: string | undefined): Partial<FeedStatus> {
  if (!raw) return {};
  try {
    const parsed = FeedInfo.safeParse(JSON.parse(raw));
    if (!parsed.success) return {};
    const { lastGap, ...rest } = parsed.data;
    return { ...rest, ...(lastGap ? { lastGap } : {}) };
  } catch {
    return {};
  }
}

/** a time a feed (or Obzor) was away: `{site}:gaps` */
export interface FeedGap {
  source: string;
  from: number;
  to: number;
}

/** the gaps of these sites that overlap [from, to), oldest first */
export async function readGaps(redis: ObzorRedis, keys: Keys, sites: readonly string[], from: number, to: number): Promise<FeedGap[]> {
  const out: FeedGap[] = [];
  for (const site of sites) {
    for (const raw of await redis.zrangebyscore(keys.gaps(site), '-inf', to)) {
      try {
        const g = JSON.parse(raw) as FeedGap;
        if (g.to > from) out.push(g);
      } catch {
        // a damaged entry is skipped
      }
    }
  }
  return out.sort((a, b) => a.from - b.from);
}
