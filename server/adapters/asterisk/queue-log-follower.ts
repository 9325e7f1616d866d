/**
 * Follows a growing queue_log by polling (fs.watch misses events on many file systems and
 * across rotation). Each poll reads what was appended, maps complete lines, hands the events
 * to the sink in batches, and saves the position only after the sink resolved: at-least-once
 * delivery, made exactly-once by the server's id dedupe.
 *
 * - Partial last line: kept until its newline arrives (Asterisk may be mid-write).
 * - Rotation (the path now names another inode): the old file is read to its end, then the
 *   new one from 0. The switch waits until the new file has data or the old one has been
 *   still for `rotateGraceMs`, because Asterisk writes to the old file until it reopens.
 * - Truncation (copytruncate; size below our offset, or the byte before our offset is no
 *   longer a newline): start again at 0. Re-read lines map to the same ids.
 * - Restart: resumes at the saved offset; if the file was rotated meanwhile, the old file is
 *   looked for next to the new one (queue_log.1, queue_log-20250101 …) by inode and finished
 *   first. Before resuming, the lines before the offset are re-read without sending (warm-up)
 *   so the mapper knows agents' queues and pauses as if it had never stopped.
 */
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DeliveryBuffer } from './delivery-buffer.js';
import { batchSizeOf, type EventSink } from './event-sink.js';
import type { PositionStore, QueueLogPosition } from './queue-log-position.js';
import { QueueLogProcessor, type LineNotice, type ProcessorCounters, type QueueLogProcessorOptions } from './queue-log-processor.js';
import { LineSplitter, MAX_LINE_BYTES, type ReadLine } from './queue-log-reader.js';

export type { PositionStore, QueueLogPosition } from './queue-log-position.js';

export type FollowerNotice =
  | (LineNotice & { file: string })
  | { kind: 'rotated'; file: string; fromInode: number; toInode: number }
  /** restarted after a rotation and the old file was not found: lines after the saved offset are lost */
  | { kind: 'rotation_gap'; file: string; savedInode: number; savedOffset: number }
  | { kind: 'truncated'; file: string; inode: number; size: number; offset: number }
  | { kind: 'missing'; file: string }
  /** the file is there (again) and read */
  | { kind: 'reading'; file: string }
  /**
   * QUEUESTART: Asterisk started again. Nothing was logged between its last line before
   * (`lastLineAtMs`) and this one: the calls it had in progress are closed as reconciled.
   */
  | { kind: 'pbx_restarted'; file: string; atMs: number; lastLineAtMs?: number }
  | { kind: 'sink_error'; error: string; retryInMs: number }
  | { kind: 'position_error'; error: string }
  /** a file-system error; the next poll tries again */
  | { kind: 'error'; error: string };

export interface QueueLogFollowerOptions extends QueueLogProcessorOptions {
  path: string;
  sink: EventSink;
  positions: PositionStore;
  /** default 1000 ms */
  pollMs?: number;
  /** events per sink call, ≤ 1000; default 500 */
  batchSize?: number;
  /** bytes per read; default 256 KiB */
  readBytes?: number;
  /** re-read the lines before a saved offset (without sending) to restore agent memory; default true */
  warmUp?: boolean;
  /** with no saved position, start at the end of the existing file instead of its start; default false */
  startAtEnd?: boolean;
  /** default 5000 ms */
  rotateGraceMs?: number;
  /** longest wait between retries of a failing sink; default 30 000 ms */
  maxRetryMs?: number;
  onNotice?: (n: FollowerNotice) => void;
  now?: () => number;
}

export interface FollowerCounters extends ProcessorCounters {
  sent: number;
  rotations: number;
  truncations: number;
}

interface OpenFile {
  path: string;
  fh: FileHandle;
  inode: number;
  splitter: LineSplitter;
  /** bytes handed to the splitter */
  readOffset: number;
  /** end of the last line processed */
  ack: { offset: number; lineNo: number };
}

export class QueueLogFollower {
  private processor: QueueLogProcessor;
  private readonly batchSize: number;
  private cur: OpenFile | null = null;
  /** events mapped but not yet accepted, each line's position after its events */
  private readonly delivery: DeliveryBuffer<QueueLogPosition>;
  private saved: QueueLogPosition | null = null;
  private rotationSeenAt: number | null = null;
  private missingReported = false;
  private polling: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** not polling on its own (before start, after stop) */
  private stopped = true;
  /** stop() was called: leave the read loop at the next chunk */
  private stopping = false;
  private sent = 0;
  /** time of the last line processed, for the gap a QUEUESTART reveals */
  private lastLineAtMs: number | undefined;
  /** lines of the files read before this one (rotations, truncations): line numbers go on from there */
  private seqBase = 0;
  private rotations = 0;
  private truncations = 0;

  constructor(private readonly opts: QueueLogFollowerOptions) {
    this.processor = new QueueLogProcessor(opts);
    this.batchSize = batchSizeOf(opts.batchSize);
    const pollMs = opts.pollMs ?? 1000;
    this.delivery = new DeliveryBuffer({
      sink: opts.sink,
      batchSize: this.batchSize,
      // the follower stops reading while the sink fails, so no more than a batch ever waits: nothing may be dropped
      maxPending: Infinity,
      // retried by the poll loop, two polls after the first failure, then twice as long each time (no jitter: one file, one sink)
      retryOnTimer: false,
      backoff: { initialMs: 2 * pollMs, maxMs: opts.maxRetryMs ?? 30_000, factor: 2, jitter: 0 },
      onAccepted: async (events, pos) => {
        this.sent += events.length;
        if (pos) await this.savePosition(pos);
      },
      onNotice: (n) => {
        if (n.kind === 'sink_error') this.notify(n);
      },
    });
  }

  /** the last position saved (after the sink accepted everything before it) */
  get position(): QueueLogPosition | null {
    return this.saved ? { ...this.saved } : null;
  }

  get counters(): FollowerCounters {
    return { ...this.processor.counters, sent: this.sent, rotations: this.rotations, truncations: this.truncations };
  }

  /** begins polling; resolves after the first poll */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    await this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.polling?.catch(() => undefined);
    await this.cur?.fh.close().catch(() => undefined);
    this.cur = null;
    // a later start() is a restart: from the saved position, with memory rebuilt by warm-up
    this.delivery.discard();
    this.processor = new QueueLogProcessor(this.opts);
    this.stopping = false;
  }

  /** one poll: retry a failed batch, read what was appended, handle rotation/truncation */
  pollOnce(): Promise<void> {
    this.polling ??= this.poll().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private async loop(): Promise<void> {
    if (this.stopped) return;
    await this.pollOnce().catch((e: unknown) => this.notify({ kind: 'error', error: e instanceof Error ? e.message : String(e) }));
    if (this.stopped) return;
    const delay = this.delivery.retryInMs ?? this.opts.pollMs ?? 1000;
    this.timer = setTimeout(() => void this.loop(), delay);
    this.timer.unref?.();
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private notify(n: FollowerNotice): void {
    this.opts.onNotice?.(n);
  }

  private async poll(): Promise<void> {
    // while the sink fails nothing more is read: what was read waits in the delivery buffer
    if (!(await this.delivery.flush())) return;
    if (!this.cur && !(await this.openInitial())) return;
    await this.checkTruncated();
    if (!(await this.drain())) return;
    await this.checkRotated();
  }

  // ---- opening ------------------------------------------------------------------------

  private async openInitial(): Promise<boolean> {
    const path = this.opts.path;
    const saved = await this.opts.positions.load();
    if (saved) this.saved = saved;
    this.seqBase = saved?.seqBase ?? 0;
    const st = await statOrNull(path);
    if (!st) {
      if (!this.missingReported) this.notify({ kind: 'missing', file: path });
      this.missingReported = true;
      return false;
    }
    this.missingReported = false;
    this.notify({ kind: 'reading', file: path });
    if (saved && saved.inode === st.ino) {
      if (st.size < saved.offset || !(await newlineBefore(path, saved.offset))) {
        this.truncations += 1;
        this.notify({ kind: 'truncated', file: path, inode: st.ino, size: st.size, offset: saved.offset });
        this.seqBase += saved.lineNo;
        await this.openAt(path, st.ino, { offset: 0, lineNo: 0 });
      } else {
        await this.openAt(path, st.ino, saved);
      }
      return true;
    }
    if (saved) {
      const old = await findByInode(path, saved.inode);
      if (old) {
        await this.openAt(old, saved.inode, saved);
        return true;
      }
      this.notify({ kind: 'rotation_gap', file: path, savedInode: saved.inode, savedOffset: saved.offset });
      this.seqBase += saved.lineNo;
      await this.openAt(path, st.ino, { offset: 0, lineNo: 0 });
      return true;
    }
    await this.openAt(path, st.ino, this.opts.startAtEnd ? 'end' : { offset: 0, lineNo: 0 });
    return true;
  }

  /** opens a file at a position, warming the mapper up on the lines before it */
  private async openAt(path: string, inode: number, at: { offset: number; lineNo: number } | 'end'): Promise<void> {
    const fh = await open(path, 'r');
    let start = at === 'end' ? { offset: 0, lineNo: 0 } : at;
    if (at === 'end' || (start.offset > 0 && this.opts.warmUp !== false)) {
      const limit = at === 'end' ? (await fh.stat()).size : start.offset;
      const warmed = await this.warmUp(fh, limit);
      start = at === 'end' ? warmed : { offset: start.offset, lineNo: start.lineNo };
    }
    this.cur = { path, fh, inode, splitter: new LineSplitter(start, MAX_LINE_BYTES), readOffset: start.offset, ack: { ...start } };
  }

  /** maps the lines in [0, limit) without sending; returns where the last complete line ends */
  private async warmUp(fh: FileHandle, limit: number): Promise<{ offset: number; lineNo: number }> {
    const splitter = new LineSplitter({ offset: 0, lineNo: 0 }, MAX_LINE_BYTES);
    const buf = Buffer.alloc(this.opts.readBytes ?? 256 * 1024);
    let pos = 0;
    let end = { offset: 0, lineNo: 0 };
    while (pos < limit) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, limit - pos), pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      for (const line of splitter.push(buf.subarray(0, bytesRead))) {
        if (!line.truncated) {
          const res = this.processor.process(line.text, line.lineNo, this.seqBase + line.lineNo);
          if (res.entry) this.lastLineAtMs = res.entry.atMs;
        }
        end = { offset: line.endOffset, lineNo: line.lineNo };
      }
    }
    // warm-up lines were sent before (or deliberately skipped): they are not this run's figures
    const c = this.processor.counters;
    Object.assign(c, { lines: 0, blank: 0, duplicates: 0, malformed: 0, events: 0, verbs: {}, unknownVerbs: {}, eventsByType: {} });
    return end;
  }

  // ---- reading ------------------------------------------------------------------------

  /** reads to the end of the file; false: the sink failed */
  private async drain(): Promise<boolean> {
    const cur = this.cur!;
    const buf = Buffer.alloc(this.opts.readBytes ?? 256 * 1024);
    for (;;) {
      const { bytesRead } = await cur.fh.read(buf, 0, buf.length, cur.readOffset);
      if (bytesRead === 0) return true;
      cur.readOffset += bytesRead;
      if (!(await this.handle(cur.splitter.push(buf.subarray(0, bytesRead))))) return false;
      if (this.stopping) return true;
    }
  }

  /** maps the lines and delivers their events, the position saved after each accepted batch; false: the sink failed */
  private async handle(lines: readonly ReadLine[]): Promise<boolean> {
    const cur = this.cur!;
    for (const line of lines) {
      const res = line.truncated ? this.processor.tooLong(line.lineNo, MAX_LINE_BYTES) : this.processor.process(line.text, line.lineNo, this.seqBase + line.lineNo);
      if (res.notice) this.notify({ ...res.notice, file: cur.path });
      if (res.entry?.verb === 'QUEUESTART') this.notify({ kind: 'pbx_restarted', file: cur.path, atMs: res.entry.atMs, ...(this.lastLineAtMs !== undefined ? { lastLineAtMs: this.lastLineAtMs } : {}) });
      if (res.entry) this.lastLineAtMs = res.entry.atMs;
      cur.ack = { offset: line.endOffset, lineNo: line.lineNo };
      this.delivery.push(res.events, this.positionAt(cur.inode, cur.ack));
      // the sink has to accept before more lines are mapped: after a failure reading goes back to here
      if (this.delivery.size >= this.batchSize && !(await this.delivery.flushFull())) return this.rewind();
    }
    // where reading got to, saved even when the chunk ended no line (a start at the end is kept from the first read)
    this.delivery.push([], this.positionAt(cur.inode, cur.ack));
    return (await this.delivery.flush()) || this.rewind();
  }

  /** the delivery buffer keeps every event mapped so far: the next read starts just after the last line mapped */
  private rewind(): false {
    const cur = this.cur!;
    cur.readOffset = cur.ack.offset;
    cur.splitter = new LineSplitter({ offset: cur.ack.offset, lineNo: cur.ack.lineNo }, MAX_LINE_BYTES);
    return false;
  }

  private positionAt(inode: number, at: { offset: number; lineNo: number }): QueueLogPosition {
    return { inode, offset: at.offset, lineNo: at.lineNo, ...(this.seqBase ? { seqBase: this.seqBase } : {}) };
  }

  private async savePosition(pos: QueueLogPosition): Promise<void> {
    const s = this.saved;
    if (s && s.inode === pos.inode && s.offset === pos.offset && s.lineNo === pos.lineNo && s.seqBase === pos.seqBase) return;
    try {
      await this.opts.positions.save(pos);
      this.saved = pos;
    } catch (e) {
      // events are already delivered: a lost save only means a re-send (duplicates) after a restart
      this.notify({ kind: 'position_error', error: e instanceof Error ? e.message : String(e) });
    }
  }

  // ---- rotation and truncation --------------------------------------------------------

  private async checkTruncated(): Promise<void> {
    const cur = this.cur!;
    const size = (await cur.fh.stat()).size;
    const shrunk = size < cur.readOffset;
    if (!shrunk && (cur.ack.offset === 0 || (await newlineBeforeFh(cur.fh, cur.ack.offset)))) return;
    this.truncations += 1;
    this.notify({ kind: 'truncated', file: cur.path, inode: cur.inode, size, offset: cur.readOffset });
    this.seqBase += cur.ack.lineNo;
    cur.readOffset = 0;
    cur.ack = { offset: 0, lineNo: 0 };
    cur.splitter = new LineSplitter({ offset: 0, lineNo: 0 }, MAX_LINE_BYTES);
    await this.savePosition(this.positionAt(cur.inode, cur.ack));
  }

  private async checkRotated(): Promise<void> {
    const cur = this.cur!;
    const st = await statOrNull(this.opts.path);
    if (!st || st.ino === cur.inode) {
      // moved away and not yet recreated: keep reading the old file, Asterisk still writes to it
      if (st) this.rotationSeenAt = null;
      return;
    }
    const now = this.now();
    this.rotationSeenAt ??= now;
    if (st.size === 0 && now - this.rotationSeenAt < (this.opts.rotateGraceMs ?? 5000)) return;
    const fh = await open(this.opts.path, 'r');
    let inode: number;
    let finished: boolean;
    try {
      inode = (await fh.stat()).ino;
      // Asterisk has moved on: whatever it wrote to the old file before that is there now
      finished = await this.drain();
      // the old file is complete: a last line without newline will never get one
      const last = finished ? cur.splitter.flush() : null;
      if (last) finished = await this.handle([last]);
    } catch (e) {
      await fh.close().catch(() => undefined);
      throw e;
    }
    // the sink failed: the old file is finished at a later poll
    if (!finished) {
      await fh.close().catch(() => undefined);
      return;
    }
    await cur.fh.close().catch(() => undefined);
    this.seqBase += cur.ack.lineNo;
    this.rotations += 1;
    this.rotationSeenAt = null;
    this.notify({ kind: 'rotated', file: this.opts.path, fromInode: cur.inode, toInode: inode });
    this.cur = { path: this.opts.path, fh, inode, splitter: new LineSplitter({ offset: 0, lineNo: 0 }, MAX_LINE_BYTES), readOffset: 0, ack: { offset: 0, lineNo: 0 } };
    await this.savePosition(this.positionAt(inode, { offset: 0, lineNo: 0 }));
    await this.drain();
  }
}

async function statOrNull(path: string) {
  try {
    return await stat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

async function newlineBeforeFh(fh: FileHandle, offset: number): Promise<boolean> {
  if (offset === 0) return true;
  const b = Buffer.alloc(1);
  const { bytesRead } = await fh.read(b, 0, 1, offset - 1);
  return bytesRead === 1 && b[0] === 0x0a;
}

async function newlineBefore(path: string, offset: number): Promise<boolean> {
  if (offset === 0) return true;
  const fh = await open(path, 'r');
  try {
    return await newlineBeforeFh(fh, offset);
  } finally {
    await fh.close();
  }
}

/** a rotated copy next to the path (same directory, name starting with the file's name) */
async function findByInode(path: string, inode: number): Promise<string | null> {
  const dir = dirname(path);
  const base = basename(path);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return null;
  }
  for (const name of names.sort()) {
    if (name === base || !name.startsWith(base) || /\.(gz|bz2|xz|zst)$/.test(name)) continue;
    const st = await statOrNull(join(dir, name));
    if (st?.isFile() && st.ino === inode) return join(dir, name);
  }
  return null;
}
