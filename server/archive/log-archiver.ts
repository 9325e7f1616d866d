/**
 * Issue 18: the event log keeps in Redis only the last OBZOR_LOG_KEEP_DAYS days (rebuild's horizon
 * there; late events need the entity records and markers, not the log); older days go to gzip'd
 * NDJSON files (archive-files.ts), from which `npm run rebuild` replays them too.
 *
 * A day leaves Redis only when its file is on disk, complete and the same: written to a temporary
 * name and fsync'd, renamed, read back through gunzip and compared (line count and SHA-256) with what
 * was read from the log; only then its manifest is written and the log trimmed up to the day's last
 * id (XTRIM MINID: entries arrive in id order, so a day once past never gains an entry). A crash at
 * any step leaves the day in Redis and the next run does it again; a file already there is checked
 * against the log instead of overwritten. One node at a time per site (a lock in Redis).
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { Logger } from 'pino';
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';
import { dayFile, digestOfFile, LineDigest, manifestFile, type DayManifest } from './archive-files.js';

const DAY_MS = 86_400_000;
/** days archived per site and run at most: a first run on years of log catches up over several runs */
const DAYS_PER_RUN = 31;
const CHUNK = 5000;
const LOCK_MS = 10 * 60_000;

export interface ArchiverDeps {
  redis: ObzorRedis;
  keys: Keys;
  dir: string;
  keepDays: number;
  sites: () => readonly string[];
  clock: () => number;
  log: Logger;
}

export interface ArchivedDay {
  site: string;
  day: string;
  count: number;
  bytes: number;
}

export type ArchiveOutcome = ArchivedDay & { outcome: 'archived' | 'mismatch' };

const utcDay = (ms: number) => new Date(ms - (ms % DAY_MS)).toISOString().slice(0, 10);
const idMs = (id: string) => Number(id.slice(0, id.indexOf('-')));

export class LogArchiver {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ArchiveOutcome[]> | undefined;

  constructor(private readonly d: ArchiverDeps) {}

  /** every `intervalMs` (and once soon after start) */
  start(intervalMs: number): void {
    const tick = () => {
      this.run().catch((e: Error) => this.d.log.warn({ err: e.message }, 'event log archive: run failed; the days stay in Redis and are tried again'));
    };
    setTimeout(tick, 5000).unref();
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** archives every day of every site older than the kept days, as of `now` */
  run(now = this.d.clock()): Promise<ArchiveOutcome[]> {
    this.running ??= this.runAll(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async runAll(now: number): Promise<ArchiveOutcome[]> {
    const out: ArchiveOutcome[] = [];
    // the first moment of the oldest day kept: everything that arrived before it goes
    const cutoff = now - (now % DAY_MS) - this.d.keepDays * DAY_MS;
    for (const site of this.d.sites()) {
      const lock = `${this.d.keys.site(site)}archive-lock`;
      if ((await this.d.redis.set(lock, String(process.pid), 'PX', LOCK_MS, 'NX')) !== 'OK') continue;
      try {
        for (let n = 0; n < DAYS_PER_RUN; n++) {
          const first = (await this.d.redis.xrange(this.d.keys.log(site), '-', '+', 'COUNT', 1)) as [string, string[]][];
          if (!first.length) break;
          const dayStart = idMs(first[0]![0]) - (idMs(first[0]![0]) % DAY_MS);
          if (dayStart + DAY_MS > cutoff) break;
          const done = await this.archiveDay(site, dayStart);
          out.push(done);
          if (done.outcome === 'mismatch') break;
        }
      } finally {
        await this.d.redis.del(lock);
      }
    }
    return out;
  }

  private async archiveDay(site: string, dayStart: number): Promise<ArchiveOutcome> {
    const day = utcDay(dayStart);
    const logKey = this.d.keys.log(site);
    // what the log holds of the day, in order
    const lines: string[] = [];
    let from = String(dayStart);
    const end = String(dayStart + DAY_MS - 1);
    let lastId = '';
    let firstId = '';
    for (;;) {
      const batch = (await this.d.redis.xrange(logKey, from, end, 'COUNT', CHUNK)) as [string, string[]][];
      for (const [id, fields] of batch) {
        firstId ||= id;
        lastId = id;
        lines.push(fields[fields.indexOf('e') + 1] ?? 'null');
      }
      if (batch.length < CHUNK) break;
      from = `(${lastId}`;
    }
    const expected = new LineDigest();
    for (const l of lines) expected.add(l);
    const want = { count: expected.count, sha256: expected.hex() };
    const path = dayFile(this.d.dir, site, day);
    if (!existsSync(path)) await writeDay(path, lines);
    const got = await digestOfFile(path);
    if (got.count !== want.count || got.sha256 !== want.sha256) {
      this.d.log.error({ site, day, file: path, inRedis: want, onDisk: got }, 'event log archive: the file of this day differs from what the log holds; the day stays in Redis (move the file away to have it written again)');
      return { site, day, count: want.count, bytes: statSync(path).size, outcome: 'mismatch' };
    }
    const manifest: DayManifest = { site, day, ...want, firstId, lastId, bytes: statSync(path).size, archivedAt: new Date(this.d.clock()).toISOString() };
    writeDurably(manifestFile(this.d.dir, site, day), JSON.stringify(manifest, null, 2) + '\n');
    // up to and including the day's last id (MINID keeps ids ≥ the one given)
    const [ms, seq] = lastId.split('-');
    await this.d.redis.xtrim(logKey, 'MINID', `${ms}-${Number(seq) + 1}`);
    this.d.log.info({ site, day, events: want.count, bytes: manifest.bytes }, 'event log archive: day archived and removed from Redis');
    return { site, day, count: want.count, bytes: manifest.bytes, outcome: 'archived' };
  }
}

/** gzip'd lines to a temporary file, fsync'd, then renamed into place */
async function writeDay(path: string, lines: readonly string[]): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  const file = createWriteStream(tmp);
  const gzip = createGzip({ level: 9 });
  gzip.pipe(file);
  for (const l of lines) if (!gzip.write(`${l}\n`)) await once(gzip, 'drain');
  gzip.end();
  await once(file, 'close');
  const fd = openSync(tmp, 'r');
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, path);
}

function writeDurably(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  const fd = openSync(tmp, 'r');
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, path);
}
