/**
 * `npm run import:queue-log -- FILE [--site ID] [--time-zone TZ]`: imports a whole Asterisk
 * queue_log through the same exactly-once path as live ingest, with a progress bar and a
 * summary. Re-importing the same file changes nothing (event ids derive from the lines).
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { importQueueLog, type ImportProgress } from '../adapters/asterisk/queue-log-import.js';
import { loadConfig } from '../config.js';
import { ingestSink } from '../feeds/ingest-sink.js';
import { IngestService } from '../ingest/ingest-service.js';
import { EventStore } from '../store/event-store.js';
import { Keys } from '../store/keys.js';
import { connectRedis, createRedis } from '../store/redis-client.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { site: { type: 'string' }, 'time-zone': { type: 'string' }, source: { type: 'string' } } });
const file = positionals[0];
if (!file) {
  console.error('usage: npm run import:queue-log -- FILE [--site ID] [--time-zone Asia/Sakhalin] [--source NAME]');
  process.exit(2);
}
const config = loadConfig();
const site = values.site ?? config.sites[0]!.id;
if (!config.sites.some((s) => s.id === site)) {
  console.error(`--site: expected one of ${config.sites.map((s) => s.id).join(', ')}, got "${site}"`);
  process.exit(2);
}
const redis = createRedis(config.redisUrl, 'obzor-import');
await connectRedis(redis);
const keys = new Keys(config.keyPrefix);
const ingest = new IngestService(new EventStore(redis, keys, new Map(config.sites.map((s) => [s.id, s])), config), new Set(config.sites.map((s) => s.id)));
const log = pino({ level: 'warn' }, pino.destination(2));

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
const summary = await importQueueLog(file, {
  site,
  sink: ingestSink(ingest, values.source ?? 'queue_log-import', log, { archive: true }),
  onProgress: bar,
  ...(values['time-zone'] ? { timeZone: values['time-zone'] } : {}),
});
if (process.stderr.isTTY) process.stderr.write('\n');
// the running dashboard pushes what the import changed
await redis.sadd(keys.push('dirty'), site);
await redis.quit();

const line = (k: string, v: unknown) => console.log(`${k.padEnd(26)}${v}`);
console.log(`\nImported ${file} into ${site} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
line('lines', `${summary.lines} (${summary.blank} blank, ${summary.duplicates} repeated)`);
line('events', `${summary.events}: ${accepted} new, ${duplicate} already known`);
line('period', `${summary.firstAt ?? '—'} … ${summary.lastAt ?? '—'}`);
line('answered', summary.answered);
line('abandoned', summary.abandoned);
line('timed out', summary.timedOut);
if (Object.keys(summary.unknownVerbs).length) line('unknown verbs', JSON.stringify(summary.unknownVerbs));
if (summary.malformedCount) {
  line('malformed lines', summary.malformedCount);
  for (const m of summary.malformed.slice(0, 10)) console.log(`  line ${m.lineNo}: ${m.reason}`);
}
if (summary.partialLastLine) line('partial last line', `line ${summary.partialLastLine.lineNo} (not imported until it ends)`);
