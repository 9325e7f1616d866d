/**
 * Issue 18: the event log's archive on disk — one gzip'd NDJSON file per site and UTC day of arrival,
 * `<dir>/<site>/<YYYY>/<YYYY-MM-DD>.ndjson.gz`, each line an event exactly as the log held it, in the
 * order it arrived; beside it `<YYYY-MM-DD>.json`, the manifest the archiver verified the file with
 * (count and SHA-256 of the lines) before the day left Redis.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

export interface DayManifest {
  site: string;
  /** UTC date of the entries' arrival (their stream ids) */
  day: string;
  count: number;
  /** SHA-256 (hex) over every line and its "\n" */
  sha256: string;
  firstId: string;
  lastId: string;
  /** the file's size */
  bytes: number;
  archivedAt: string;
}

export const dayFile = (dir: string, site: string, day: string) => join(dir, site, day.slice(0, 4), `${day}.ndjson.gz`);
export const manifestFile = (dir: string, site: string, day: string) => join(dir, site, day.slice(0, 4), `${day}.json`);

/** a running count and hash of lines, as the archiver and the reader both take them */
export class LineDigest {
  count = 0;
  private readonly hash: Hash = createHash('sha256');
  add(line: string): void {
    this.count++;
    this.hash.update(line).update('\n');
  }
  hex(): string {
    return this.hash.digest('hex');
  }
}

/** every line of a day's file, in order */
export async function* readDayLines(path: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) if (line.length) yield line;
}

/** count and hash of a file on disk, read back through gunzip */
export async function digestOfFile(path: string): Promise<{ count: number; sha256: string }> {
  const d = new LineDigest();
  for await (const line of readDayLines(path)) d.add(line);
  return { count: d.count, sha256: d.hex() };
}

/** the days archived for a site, oldest first (those with a manifest: a file without one was never verified) */
export function archivedDays(dir: string, site: string): DayManifest[] {
  const root = join(dir, site);
  if (!existsSync(root)) return [];
  const out: DayManifest[] = [];
  for (const year of readdirSync(root).filter((y) => /^\d{4}$/.test(y)).sort()) {
    for (const f of readdirSync(join(root, year)).filter((n) => /^\d{4}-\d{2}-\d{2}\.json$/.test(n)).sort()) {
      out.push(JSON.parse(readFileSync(join(root, year, f), 'utf8')) as DayManifest);
    }
  }
  return out;
}
