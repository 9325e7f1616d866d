/**
 * `import:queue-log FILE`: imports a whole Asterisk queue_log through the same exactly-once path
 * as live ingest, with a progress bar (on a terminal) and a summary. Re-importing the same file
 * changes nothing (event ids derive from the lines).
 *
 * `--feed NAME` maps the file exactly as that live feed of OBZOR_FEEDS does (its site,
 * queueMap, lineByQueue, line, agentMap, callIdPrefix, queues), with the member names the
 * site's AMI feed learned: an import and the live feed name calls, queues, lines and
 * operators alike. Nothing older than `--live-hours` (default 1) can be live: operators'
 * states from before are not sent, and calls the file leaves open from before are closed as
 * reconciled — an old file puts nobody on the wall and nobody in a queue.
 */
import { open, stat } from 'node:fs/promises';
import { pino } from 'pino';
import { MemberDirectory } from '../../adapters/asterisk/member-directory.js';
import { importQueueLog, type ImportProgress } from '../../adapters/asterisk/queue-log-import.js';
import { FeedStore } from '../../feeds/feed-store.js';
import { FeedsConfigError, loadFeeds, type FeedConfig } from '../../feeds/feeds-config.js';
import { ingestSink } from '../../feeds/ingest-sink.js';
import { QueueFilter } from '../../feeds/queue-filter.js';
import { mapperOptionsOf } from '../../feeds/start-feeds.js';
import { IngestService } from '../../ingest/ingest-service.js';
import { EventStore } from '../../store/event-store.js';
import { Keys } from '../../store/keys.js';
import { loadSitesInEffect } from '../../store/live-sites.js';
import { didYouMean } from '../closest-names.js';
import { INVOKE, parseCommand, type CliCommand } from '../cli-command.js';
import { checkSites, cliConfig, connectCliRedis } from '../cli-context.js';
import { cannotRead } from '../../file-problem.js';
import { usageError } from '../cli-errors.js';
import { importPeriod } from '../import-period.js';
import { timeZoneName } from '../time-zone-name.js';

const NAME = 'import:queue-log';
const OPTIONS = {
  feed: { type: 'string', value: 'NAME', help: 'map the file as this feed of OBZOR_FEEDS does (its site, queues, lines, operators)' },
  site: { type: 'string', value: 'ID', help: 'the site the calls belong to (an id of OBZOR_SITES_FILE); default: the feed\'s, else the first site' },
  'time-zone': { type: 'string', value: 'TZ', help: 'IANA zone of YYYY-MM-DD HH:MM:SS times (database exports); default UTC. UNIX times need none' },
  source: { type: 'string', value: 'NAME', help: 'the source the events are counted under; default FEED-import or queue_log-import' },
  'live-hours': { type: 'string', value: 'H', help: 'only the last H hours may still be live (operators on the wall, callers waiting); default 1' },
} as const;

/** where a bar goes: stderr, only on a terminal */
function bar(stderr: NodeJS.WritableStream & { isTTY?: boolean }, p: ImportProgress): void {
  if (!stderr.isTTY) return;
  const share = p.totalBytes ? p.bytes / p.totalBytes : 1;
  const width = 30;
  const done = Math.round(share * width);
  stderr.write(`\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${(share * 100).toFixed(0).padStart(3)}%  ${p.lines} lines, ${p.events} events`);
}

/** The file can be read (and is a file), or the one line that says why not. */
async function checkReadable(file: string): Promise<void> {
  try {
    if ((await stat(file)).isDirectory()) throw Object.assign(new Error('a directory'), { code: 'EISDIR' }); // open() would not tell
    await (await open(file, 'r')).close();
  } catch (e) {
    throw usageError(`${NAME}: ${cannotRead(file, e)}`);
  }
}

export const importQueueLogCommand: CliCommand = {
  name: NAME,
  summary: 'import an Asterisk queue_log file (history), exactly once',
  synopsis: 'FILE [--feed NAME] [--site ID] [--time-zone TZ] [--source NAME] [--live-hours H]',
  about: [
    'Imports a whole queue_log through the same exactly-once path as live ingest: importing the same',
    'file again changes nothing. With --feed it maps the file as that live feed does. Nothing older',
    'than --live-hours can be live: an old file puts nobody on the wall and nobody in a queue. Prints',
    "a summary; its period is in the site's time zone. Screens of a running server show the result.",
  ],
  positionals: [{ name: 'FILE', help: 'the queue_log (e.g. /var/log/asterisk/queue_log.1)' }],
  options: OPTIONS,
  examples: [`${INVOKE} ${NAME} /var/log/asterisk/queue_log.1 --feed pbx-main`, `${INVOKE} ${NAME} export.queue_log --site kholmsk --time-zone Asia/Sakhalin`],
  async run(argv, io) {
    const { values, positionals } = parseCommand(NAME, OPTIONS, argv, true);
    if (positionals.length === 0) throw usageError(`${NAME}: which file? give the queue_log's path; see ${INVOKE} ${NAME} --help`);
    if (positionals.length > 1) throw usageError(`${NAME}: one file at a time, got ${positionals.length} (${positionals.slice(1).map((p) => `"${p}"`).join(', ')} too); see ${INVOKE} ${NAME} --help`);
    const file = positionals[0]!;
    const config = cliConfig(NAME, io.env);
    const siteIds = config.sites.map((s) => s.id);
    let feed: FeedConfig | undefined;
    if (values.feed !== undefined) {
      // the feeds file is read without the AMI secrets: an import needs the mapping only
      let feeds: FeedConfig[];
      try {
        feeds = loadFeeds(io.env.OBZOR_FEEDS, siteIds, io.env, { secrets: false });
      } catch (e) {
        if (e instanceof FeedsConfigError) throw usageError(`${NAME}: ${e.message}`);
        throw e;
      }
      if (!feeds.length) throw usageError(`${NAME}: --feed: OBZOR_FEEDS names no feeds file (or it lists no feeds): set it as the server has it, or give --site instead`);
      const names = feeds.map((f) => f.name);
      feed = feeds.find((f) => f.name === values.feed);
      if (!feed) throw usageError(`${NAME}: --feed: expected one of ${names.join(', ')}, got "${values.feed}"${didYouMean(values.feed, names)}`);
      if (values.site !== undefined && values.site !== feed.site) throw usageError(`${NAME}: --site: feed "${feed.name}" feeds site "${feed.site}", got "${values.site}"`);
    }
    if (values.site !== undefined) checkSites(NAME, '--site', [values.site], config);
    const site = feed?.site ?? values.site ?? siteIds[0]!;
    let timeZone: string | undefined;
    if (values['time-zone'] !== undefined) {
      const tz = timeZoneName(values['time-zone']);
      if ('error' in tz) throw usageError(`${NAME}: --time-zone: ${tz.error}`);
      timeZone = tz.zone;
    }
    const liveHours = values['live-hours'] === undefined ? 1 : Number(values['live-hours']);
    if (values['live-hours']?.trim() === '' || !Number.isFinite(liveHours) || liveHours < 0) throw usageError(`${NAME}: --live-hours: expected a number of hours ≥ 0, got "${values['live-hours']}"`);
    await checkReadable(file);

    const redis = await connectCliRedis(NAME, config);
    try {
      const keys = new Keys(config.keyPrefix);
      const ingest = new IngestService(new EventStore(redis, keys, await loadSitesInEffect(redis, keys, config.sites), config), new Set(siteIds));
      const log = pino({ level: 'warn' }, pino.destination({ dest: 2, sync: true }));
      const members = new MemberDirectory(await new FeedStore(redis, keys).memberPairs(site));
      let accepted = 0;
      let duplicate = 0;
      ingest.on('ingested', (_items, results) => {
        for (const r of results) {
          if (r.status === 'accepted') accepted++;
          else if (r.status === 'duplicate') duplicate++;
        }
      });
      const started = Date.now();
      const filter = new QueueFilter(feed?.queues);
      const inner = ingestSink(ingest, values.source ?? (feed ? `${feed.name}-import` : 'queue_log-import'), log, { archive: true });
      const summary = await importQueueLog(file, {
        ...(feed ? mapperOptionsOf(feed) : { site }),
        members,
        sink: (events) => inner(filter.keep(events)),
        onProgress: (p) => bar(io.stderr, p),
        liveSinceMs: started - liveHours * 3_600_000,
        ...(timeZone ? { timeZone } : {}),
      });
      if (io.stderr.isTTY) io.stderr.write('\n');
      // the running dashboard pushes what the import changed
      await redis.sadd(keys.push('dirty'), site);

      const siteZone = config.sites.find((s) => s.id === site)!.timeZone;
      const line = (k: string, v: unknown) => io.out(`${k.padEnd(26)}${String(v)}`);
      io.out('');
      io.out(`Imported ${file} into ${site}${feed ? ` as feed ${feed.name} maps it` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      line('lines', `${summary.lines} (${summary.blank} blank, ${summary.duplicates} repeated)`);
      line('events', `${summary.events}: ${accepted} new, ${duplicate} already known`);
      line('period', importPeriod(summary.firstAt, summary.lastAt, siteZone));
      line('answered', summary.answered);
      line('abandoned', summary.abandoned);
      line('timed out', summary.timedOut);
      if (summary.closedNotLive) line('open calls, too old', `${summary.closedNotLive} (closed as reconciled: not shown waiting)`);
      if (summary.agentStatesSkipped) line('operator states, too old', `${summary.agentStatesSkipped} (not sent: nobody is put on the wall)`);
      if (summary.unpairedMembers.length) line('member names unpaired', `${summary.unpairedMembers.join(', ')} (map them to their interface's id in the feed's agentMap)`);
      if (Object.keys(summary.unknownVerbs).length) line('unknown verbs', JSON.stringify(summary.unknownVerbs));
      if (summary.malformedCount) {
        line('malformed lines', summary.malformedCount);
        for (const m of summary.malformed.slice(0, 10)) io.out(`  line ${m.lineNo}: ${m.reason}`);
      }
      if (summary.partialLastLine) line('partial last line', `line ${summary.partialLastLine.lineNo} (not imported until it ends)`);
    } finally {
      await redis.quit().catch(() => redis.disconnect());
    }
  },
};
