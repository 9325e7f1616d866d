/**
 * What the Asterisk feeds keep in Redis besides their events (key names in store/keys.ts):
 * member names learned per site, an AMI feed's calls in progress, what screens are told of
 * each feed (feeds:info), the gaps when a feed was away, and Obzor's own view of a PBX's
 * calls and agents for the reconciliation at an AMI login.
 */
import type { RememberedCalls } from '../adapters/asterisk/ami-client.js';
import type { ObzorView, RememberedCall } from '../adapters/asterisk/ami-mapper.js';
import type { MemberPair } from '../adapters/asterisk/member-directory.js';
import type { AgentLive, WaitingCall } from '../../shared/snapshot.js';
import { FeedInfo } from '../store/feed-info.js';
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';

/** gaps older than this are dropped when a new one is recorded (the counters' horizon) */
const GAP_DAYS = 400;

export type { FeedGap } from '../store/feed-info.js';
import type { FeedGap } from '../store/feed-info.js';

/** an Asterisk uniqueid (`1796115663.49`) after the feed's prefix: a call of this PBX */
const uniqueIdPattern = (prefix: string) => new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\d+\\.\\d+$`);

export class FeedStore {
  constructor(
    private readonly redis: ObzorRedis,
    private readonly keys: Keys,
  ) {}

  async memberPairs(site: string): Promise<MemberPair[]> {
    const h = await this.redis.hgetall(this.keys.feedsMembers(site));
    return Object.entries(h).map(([name, iface]) => ({ name, iface }));
  }

  async saveMemberPairs(site: string, pairs: readonly MemberPair[]): Promise<void> {
    if (pairs.length) await this.redis.hset(this.keys.feedsMembers(site), ...pairs.flatMap((p) => [p.name, p.iface]));
  }

  rememberedCalls(feed: string): RememberedCalls {
    const key = this.keys.feedCalls(feed);
    return {
      load: async () => {
        const out: Record<string, RememberedCall> = {};
        for (const [id, raw] of Object.entries(await this.redis.hgetall(key))) {
          try {
            out[id] = JSON.parse(raw) as RememberedCall;
          } catch {
            // a damaged record only loses that call's memory: the reconciliation still closes it
          }
        }
        return out;
      },
      save: async (changes) => {
        const set = Object.entries(changes).filter((e): e is [string, RememberedCall] => e[1] !== null);
        const del = Object.entries(changes)
          .filter(([, v]) => v === null)
          .map(([id]) => id);
        const m = this.redis.multi();
        if (set.length) m.hset(key, ...set.flatMap(([id, v]) => [id, JSON.stringify(v)]));
        if (del.length) m.hdel(key, ...del);
        await m.exec();
      },
    };
  }

  /** when Obzor last accepted an event of the feed (feeds hash), for the gap after a restart */
  async lastEventAt(feed: string): Promise<number | undefined> {
    const raw = await this.redis.hget(this.keys.feeds(), feed);
    const n = Number(raw);
    return raw && Number.isFinite(n) && n > 0 ? n : undefined;
  }

  /** the site's waiting calls of this PBX and its agents, as the live tables hold them */
  async view(site: string, callIdPrefix = ''): Promise<ObzorView> {
    const [calls, agents] = await Promise.all([this.redis.hgetall(this.keys.live(site, 'calls')), this.redis.hgetall(this.keys.live(site, 'agents'))]);
    const ours = uniqueIdPattern(callIdPrefix);
    const waiting: ObzorView['waiting'] = [];
    for (const raw of Object.values(calls)) {
      try {
        const c = JSON.parse(raw) as WaitingCall;
        if (ours.test(c.callId)) waiting.push({ callId: c.callId, queue: c.queue });
      } catch {
        // an unreadable entry is the state reader's to report
      }
    }
    const present: ObzorView['agents'] = [];
    for (const raw of Object.values(agents)) {
      try {
        const a = JSON.parse(raw) as AgentLive;
        present.push({ agentId: a.agentId, state: a.state, ...(a.queues ? { queues: a.queues } : {}) });
      } catch {
        // as above
      }
    }
    return { waiting, agents: present };
  }

  async recordGap(site: string, gap: FeedGap): Promise<void> {
    const key = this.keys.gaps(site);
    await this.redis
      .multi()
      .zadd(key, gap.from, JSON.stringify(gap))
      .zremrangebyscore(key, '-inf', gap.to - GAP_DAYS * 86_400_000)
      .exec();
  }

  async setInfo(feed: string, info: FeedInfo): Promise<void> {
    await this.redis.hset(this.keys.feedsInfo(), feed, JSON.stringify(FeedInfo.parse(info)));
  }
}
