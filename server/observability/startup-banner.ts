/**
 * What a person at the terminal needs once Obzor is up, in a few lines: where the wall is, which
 * Redis and whether it keeps its data, which sites, which feeds (or how to send events). Pure: the
 * caller prints it.
 */
import type { FeedConfig } from '../feeds/feeds-config.js';
import type { StorePersistence } from '../../shared/socket.js';

export interface BannerInfo {
  url: string;
  /** the demo's kiosk URL (a token), when the demo runs */
  demoWallUrl?: string;
  /** where Redis is, without its password */
  redis: string;
  privateRedisDir?: string;
  persistence: StorePersistence;
  sites: { id: string; name: string; timeZone: string }[];
  feeds: readonly FeedConfig[];
  demo: boolean;
}

const PERSISTENCE: Record<StorePersistence, string> = {
  aof: 'keeps its data (AOF)',
  rdb: 'keeps its data (RDB snapshots only: up to minutes lost on a crash; AOF is better, docs/operations.md)',
  'aof+rdb': 'keeps its data (AOF + RDB)',
  none: 'KEEPS NOTHING on disk: a restart loses users, tokens and figures (docs/operations.md)',
  unknown: 'persistence unknown (CONFIG and INFO refused)',
};

function feedLine(f: FeedConfig): string {
  return f.type === 'ami' ? `${f.name}: Asterisk AMI ${f.host}:${f.port} → ${f.site}` : `${f.name}: queue_log ${f.path} → ${f.site}`;
}

export function startupBanner(b: BannerInfo): string {
  const sites = b.sites.map((s) => `${s.id} (${s.name}, ${s.timeZone})`);
  const feeds = [...(b.demo ? ['demo traffic (no feed configured; OBZOR_DEMO=off to stop it)'] : []), ...b.feeds.map(feedLine)];
  const lines = [
    `Obzor is up: ${b.url}`,
    `  wall:   ${b.demoWallUrl ?? `make a kiosk URL: npm run obzor -- display:add --name "Зал 1" (or on /admin)`}`,
    `  Redis:  ${b.redis}${b.privateRedisDir ? ` (private, data in ${b.privateRedisDir})` : ''} — ${PERSISTENCE[b.persistence]}`,
    `  sites:  ${sites.join('; ') || 'none'}`,
    `  feeds:  ${feeds.join('; ') || `none: events go to POST ${b.url}/api/v1/events (docs/events-v1.md)`}`,
  ];
  return `\n${lines.join('\n')}\n`;
}
