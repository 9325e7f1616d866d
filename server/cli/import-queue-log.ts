/**
 * `npm run import:queue-log -- FILE [--feed NAME] [--site ID] [--time-zone TZ] [--source NAME] [--live-hours H]`:
 * imports a whole Asterisk queue_log through the same exactly-once path as live ingest, with a
 * progress bar and a summary. Re-importing the same file changes nothing (event ids derive
 * from the lines).
 *
 * `--feed NAME` maps the file exactly as that live feed of OBZOR_FEEDS does (its site,
 * queueMap, lineByQueue, line, agentMap, callIdPrefix, queues), with the member names the
 * site's AMI feed learned: an import and the live feed name calls, queues, lines and
 * operators alike. Nothing older than `--live-hours` (default 1) can be live: operators'
 * states from before are not sent, and calls the file leaves open from before are closed as
 * reconciled — an old file puts nobody on the wall and nobody in a queue.
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { MemberDirectory } from '../adapters/asterisk/member-directory.js';
import { importQueueLog, type ImportProgress } from '../adapters/asterisk/queue-log-import.js';
import { loadConfig } from '../config.js';
import { FeedStore } from '../feeds/feed-store.js';
import { FeedsConfigError, loadFeeds, type FeedConfig } from '../feeds/feeds-config.js';
import { ingestSink } from '../feeds/ingest-sink.js';
import { QueueFilter } from '../feeds/queue-filter.js';
import { mapperOptionsOf } from '../feeds/start-feeds.js';
import { IngestService } from '../ingest/ingest-service.js';
import { EventStore } from '../store/event-store.js';
import { Keys } from '../store/keys.js';
import { connectRedis, createRedis } from '../store/redis-client.js';

const USAGE = 'usage: npm run import:queue-log -- FILE [--feed NAME] [--site ID] [--time-zone Asia/Sakhalin] [--source NAME] [--live-hours 1]';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { site: { type: 'string' }, 'time-zone': { type: 'string' }, source: { type: 'string' }, feed: { type: 'string' }, 'live-hours': { type: 'string' } },
});
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};
const file = positionals[0] ?? fail(USAGE);
// the feeds file is read here without the AMI secrets: an import needs the mapping only
const config = loadConfig({ ...process.env, OBZOR_FEEDS: '' });
const siteIds = config.sites.map((s) => s.id);
function feedsFile(): FeedConfig[] {
  try {
    return loadFeeds(process.env.OBZOR_FEEDS, siteIds, process.env, { secrets: false });
  } catch (e) {
    return fail(e instanceof FeedsConfigError ? e.message : String(e));
  }
}
let feed: FeedConfig | undefined;
if (values.feed) {
  const feeds = feedsFile();
  if (!feeds.length) fail('--feed: OBZOR_FEEDS names no feeds file (or it is empty)');
  feed = feeds.find((f) => f.name === values.feed) ?? fail(`--feed: expected one of ${feeds.map((f) => f.name).join(', ')}, got "${values.feed}"`);
  if (values.site && values.site !== feed.site) fail(`--site: feed "${feed.name}" feeds site "${feed.site}", got "${values.site}"`);
}
const site = feed?.site ?? values.site ?? config.sites[0]!.id;
if (!siteIds.includes(site)) fail(`--site: expected one of ${siteIds.join(', ')}, got "${site}"`);
const liveHours = values['live-hours'] === undefined ? 1 : Number(values['live-hours']);
if (!Number.isFinite(liveHours) || liveHours < 0) fail(`--live-hours: expected a number of hours ≥ 0, got "${values['live-hours']}"`);

const redis = createRedis(config.redisUrl, 'obzor-import');
await connectRedis(redis);
const keys = new Keys(config.keyPrefix);
const ingest = new IngestService(new EventStore(redis, keys, new Map(config.sites.map((s) => [s.id, s])), config), new Set(siteIds));
const log = pino({ level: 'warn' }, pino.destination(2));
const members = new MemberDirectory(await new FeedStore(redis, keys).memberPairs(site));

let accepted = 0;
let duplicate = 0;
ingest.on('ingested', (_items, results) => {
  for (const r of results) {
    if (r.status === 'accepted') accepted++;
    else if (r.status === 'duplicate') duplicate++;
  }
});

function bar(p: ImportProgress): void {
  if (!process.stderr.isTTY) return;
  const share = p.totalBytes ? p.bytes / p.totalBytes : 1;
  const width = 30;
  const done = Math.round(share * width);
  process.stderr.write(`\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${(share * 100).toFixed(0).padStart(3)}%  ${p.lines} lines, ${p.events} events`);
}

const started = Date.now();
const filter = new QueueFilter(feed?.queues);
const inner = ingestSink(ingest, values.source ?? (feed ? `${feed.name}-import` : 'queue_log-import'), log, { archive: true });
const summary = await importQueueLog(file, {
  ...(feed ? mapperOptionsOf(feed) : { site }),
  members,
  sink: (events) => inner(filter.keep(events)),
  onProgress: bar,
  liveSinceMs: started - liveHours * 3_600_000,
  ...(values['time-zone'] ? { timeZone: values['time-zone'] } : {}),
});
if (process.stderr.isTTY) process.stderr.write('\n');
// the running dashboard pushes what the import changed
await redis.sadd(keys.push('dirty'), site);
await redis.quit();

const line = (k: string, v: unknown) => console.log(`${k.padEnd(26)}${v}`);
console.log(`\nImported ${file} into ${site}${feed ? ` as feed ${feed.name} maps it` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
line('lines', `${summary.lines} (${summary.blank} blank, ${summary.duplicates} repeated)`);
line('events', `${summary.events}: ${accepted} new, ${duplicate} already known`);
line('period', `${summary.firstAt ?? '—'} … ${summary.lastAt ?? '—'}`);
line('answered', summary.answered);
line('abandoned', summary.abandoned);
line('timed out', summary.timedOut);
if (summary.closedNotLive) line('open calls, too old', `${summary.closedNotLive} (closed as reconciled: not shown waiting)`);
if (summary.agentStatesSkipped) line('operator states, too old', `${summary.agentStatesSkipped} (not sent: nobody is put on the wall)`);
if (summary.unpairedMembers.length) line('member names unpaired', `${summary.unpairedMembers.join(', ')} (map them to their interface's id in the feed's agentMap)`);
if (Object.keys(summary.unknownVerbs).length) line('unknown verbs', JSON.stringify(summary.unknownVerbs));
if (summary.malformedCount) {
  line('malformed lines', summary.malformedCount);
  for (const m of summary.malformed.slice(0, 10)) console.log(`  line ${m.lineNo}: ${m.reason}`);
}
if (summary.partialLastLine) line('partial last line', `line ${summary.partialLastLine.lineNo} (not imported until it ends)`);
