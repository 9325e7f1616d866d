/**
 * One-shot import of a queue_log file (history a centre brings when it starts with Obzor).
 * Every event goes through the sink, in batches of at most 1000; ids come from the lines, so
 * importing the same file again changes nothing. The summary counts what was read, what was
 * not understood, and Asterisk's own figures (answered, abandoned, timed out, average wait
 * and talk, answered within N s) for comparison with the PBX's reports.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { CallEvent, ObzorEvent } from '../../../shared/events.js';
import { buildEvents } from './event-drafts.js';
import { batchSizeOf, type EventSink } from './event-sink.js';
import { QueueLogProcessor, type LineNotice, type QueueLogProcessorOptions } from './queue-log-processor.js';
import { LineSplitter, MAX_LINE_BYTES } from './queue-log-reader.js';
import { QueueLogStats, type QueueStatsResult } from './queue-log-stats.js';

export interface ImportProgress {
  bytes: number;
  totalBytes: number;
  lines: number;
  events: number;
}

export interface QueueLogImportOptions extends QueueLogProcessorOptions {
  sink: EventSink;
  onProgress?: (p: ImportProgress) => void;
  onNotice?: (n: LineNotice) => void;
  /** events per sink call, ≤ 1000; default 500 */
  batchSize?: number;
  /** N of "answered within N s"; default 20 (Asterisk's queues.conf servicelevel is per queue) */
  serviceLevelSeconds?: number;
  /** how many malformed lines to list in the summary (the count stays exact); default 1000 */
  maxMalformedListed?: number;
  /**
   * Nothing before this moment can be live: operators' states older than it are not sent (they
   * would put people on the wall who left long ago), and calls the file leaves open whose last
   * line is older are closed as `reconciled` (an old file must not show callers waiting for
   * days). Default: none (everything as the file says); the CLI sets it to an hour ago.
   */
  liveSinceMs?: number;
  signal?: AbortSignal;
}

export interface QueueLogImportSummary {
  path: string;
  bytes: number;
  /** every line, blank and malformed ones included (a final line without newline excluded) */
  lines: number;
  blank: number;
  /** exact repeats of an earlier line: skipped (they would map to the same ids) */
  duplicates: number;
  /** events handed to the sink */
  events: number;
  eventsByType: Record<string, number>;
  verbs: Record<string, number>;
  unknownVerbs: Record<string, number>;
  malformedCount: number;
  malformed: { lineNo: number; reason: string }[];
  /** a last line without its newline: not imported (it may still be being written) */
  partialLastLine: { lineNo: number; bytes: number } | null;
  /** calls left open by the file, too old to be live: closed as reconciled (see liveSinceMs) */
  closedNotLive: number;
  /** operator states older than liveSinceMs, not sent */
  agentStatesSkipped: number;
  /** member names no interface is known for (each operator shows twice: map them in agentMap) */
  unpairedMembers: string[];
  firstAt: string | null;
  lastAt: string | null;
  /** Asterisk's figures, whole file (= stats.total.*) */
  answered: number;
  abandoned: number;
  timedOut: number;
  stats: QueueStatsResult;
}

export async function importQueueLog(path: string, opts: QueueLogImportOptions): Promise<QueueLogImportSummary> {
  const totalBytes = (await stat(path)).size;
  const processor = new QueueLogProcessor({ ...opts, dedupeWindow: opts.dedupeWindow ?? Infinity });
  const stats = new QueueLogStats();
  const splitter = new LineSplitter({ offset: 0, lineNo: 0 }, MAX_LINE_BYTES);
  const batchSize = batchSizeOf(opts.batchSize);
  const maxListed = opts.maxMalformedListed ?? 1000;
  const malformed: { lineNo: number; reason: string }[] = [];
  let batch: ObzorEvent[] = [];
  let sent = 0;
  let first = Infinity;
  let last = -Infinity;
  let bytes = 0;
  const live = opts.liveSinceMs;
  const callLastAt = new Map<string, number>();
  let agentStatesSkipped = 0;
  const unpairedMembers: string[] = [];

  const flush = async () => {
    if (!batch.length) return;
    const out = batch;
    batch = [];
    await opts.sink(out);
    sent += out.length;
  };

  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    opts.signal?.throwIfAborted();
    bytes += chunk.length;
    for (const line of splitter.push(chunk)) {
      const res = line.truncated ? processor.tooLong(line.lineNo, MAX_LINE_BYTES) : processor.process(line.text, line.lineNo);
      if (res.notice) {
        opts.onNotice?.(res.notice);
        if (res.notice.kind === 'unpaired_member') unpairedMembers.push(res.notice.name);
        if (res.notice.kind === 'malformed' && malformed.length < maxListed) malformed.push({ lineNo: res.notice.lineNo, reason: res.notice.reason });
      }
      if (res.entry) {
        stats.add(res.entry);
        first = Math.min(first, res.entry.atMs);
        last = Math.max(last, res.entry.atMs);
      }
      for (const e of res.events) {
        const at = Date.parse(e.at);
        if (live !== undefined && e.type === 'agent.state' && at < live) {
          agentStatesSkipped += 1;
          continue;
        }
        if (e.type.startsWith('call.')) {
          const id = (e as CallEvent).callId;
          callLastAt.set(id, Math.max(at, callLastAt.get(id) ?? -Infinity));
        }
        batch.push(e);
        if (batch.length >= batchSize) await flush();
      }
    }
    opts.onProgress?.({ bytes, totalBytes, lines: processor.counters.lines, events: sent + batch.length });
  }
  let closedNotLive = 0;
  if (live !== undefined) {
    for (const callId of processor.openCalls) {
      const at = callLastAt.get(callId);
      if (at === undefined || at >= live) continue;
      const built = buildEvents({ prefix: 'ast', site: opts.site, key: ['not-live', callId, String(at)] }, [{ suffix: 'z', atMs: at, draft: { type: 'call.ended', callId, outcome: 'reconciled' } }]);
      if (!built.ok) continue;
      batch.push(...built.events);
      closedNotLive += 1;
      if (batch.length >= batchSize) await flush();
    }
  }
  await flush();
  opts.onProgress?.({ bytes, totalBytes, lines: processor.counters.lines, events: sent });

  const c = processor.counters;
  const result = stats.result(opts.serviceLevelSeconds ?? 20);
  return {
    path,
    bytes,
    lines: c.lines,
    blank: c.blank,
    duplicates: c.duplicates,
    events: sent,
    eventsByType: c.eventsByType,
    verbs: c.verbs,
    unknownVerbs: c.unknownVerbs,
    malformedCount: c.malformed,
    malformed,
    partialLastLine: splitter.partial,
    closedNotLive,
    agentStatesSkipped,
    unpairedMembers,
    firstAt: Number.isFinite(first) ? new Date(first).toISOString() : null,
    lastAt: Number.isFinite(last) ? new Date(last).toISOString() : null,
    answered: result.total.answered,
    abandoned: result.total.abandoned,
    timedOut: result.total.timedOut,
    stats: result,
  };
}
