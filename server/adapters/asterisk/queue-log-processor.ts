/**
 * The per-line step shared by the importer and the follower: parse → skip exact repeats →
 * map → count. Pure (no I/O); a malformed line or an unknown verb becomes a notice, never an
 * exception.
 */
import type { ObzorEvent } from '../../../shared/events.js';
import { lineDigest } from './event-ids.js';
import { parseQueueLogLine, type ParseOptions, type QueueLogEntry } from './queue-log-line.js';
import { QueueLogMapper, type QueueLogMapperOptions } from './queue-log-mapper.js';

export interface QueueLogProcessorOptions extends QueueLogMapperOptions, ParseOptions {
  /**
   * How many recent distinct lines to remember for skipping exact repeats (a repeat maps to
   * the same ids, so skipping it only saves work). 0 turns it off; Infinity remembers all.
   * Default 10 000.
   */
  dedupeWindow?: number;
}

export type LineNotice =
  | { kind: 'malformed'; lineNo: number; reason: string }
  | { kind: 'unknown_verb'; lineNo: number; verb: string }
  /**
   * A member name (from CONNECT, PAUSE … with `log_membername_as_agent = no`) that no member
   * interface is known for: its operator shows twice (by interface and by name) until it is
   * mapped in `agentMap`, learned from AMI, or Asterisk logs member names everywhere.
   */
  | { kind: 'unpaired_member'; lineNo: number; name: string };

export interface LineResult {
  events: ObzorEvent[];
  /** the parsed line (absent for blank, malformed and repeated lines) */
  entry?: QueueLogEntry;
  notice?: LineNotice;
}

export interface ProcessorCounters {
  lines: number;
  blank: number;
  duplicates: number;
  malformed: number;
  events: number;
  verbs: Record<string, number>;
  unknownVerbs: Record<string, number>;
  eventsByType: Record<string, number>;
}

const bump = (r: Record<string, number>, k: string, by = 1) => {
  r[k] = (r[k] ?? 0) + by;
};

export class QueueLogProcessor {
  readonly counters: ProcessorCounters = { lines: 0, blank: 0, duplicates: 0, malformed: 0, events: 0, verbs: {}, unknownVerbs: {}, eventsByType: {} };
  private readonly mapper: QueueLogMapper;
  private readonly recent = new Set<string>();
  private readonly window: number;

  constructor(private readonly opts: QueueLogProcessorOptions) {
    this.mapper = new QueueLogMapper(opts);
    this.window = opts.dedupeWindow ?? 10_000;
  }

  /** `seq`: the line's place across rotated files (default `lineNo`), the events' order */
  process(text: string, lineNo: number, seq = lineNo): LineResult {
    const c = this.counters;
    c.lines += 1;
    const parsed = parseQueueLogLine(text, lineNo, this.opts);
    if (parsed.kind === 'blank') {
      c.blank += 1;
      return { events: [] };
    }
    if (parsed.kind === 'malformed') {
      c.malformed += 1;
      return { events: [], notice: { kind: 'malformed', lineNo, reason: parsed.reason } };
    }
    const entry = { ...parsed.entry, seq };
    if (this.seenBefore(entry.text)) {
      c.duplicates += 1;
      return { events: [] };
    }
    bump(c.verbs, entry.verb);
    const mapped = this.mapper.map(entry);
    if (!mapped.ok) {
      c.malformed += 1;
      return { events: [], notice: { kind: 'malformed', lineNo, reason: mapped.reason } };
    }
    for (const e of mapped.events) bump(c.eventsByType, e.type);
    c.events += mapped.events.length;
    if (mapped.unpaired) return { events: mapped.events, entry, notice: { kind: 'unpaired_member', lineNo, name: mapped.unpaired } };
    if (entry.record.kind === 'unknown') {
      bump(c.unknownVerbs, entry.verb);
      return { events: mapped.events, entry, notice: { kind: 'unknown_verb', lineNo, verb: entry.verb } };
    }
    return { events: mapped.events, entry };
  }

  /** calls open after the lines processed so far (neither ended nor lost) */
  get openCalls(): string[] {
    return this.mapper.openCalls;
  }

  /** a line the reader had to cut (longer than its limit): counted and reported, never parsed */
  tooLong(lineNo: number, limitBytes: number): LineResult {
    this.counters.lines += 1;
    this.counters.malformed += 1;
    return { events: [], notice: { kind: 'malformed', lineNo, reason: `line longer than ${limitBytes} bytes` } };
  }

  private seenBefore(text: string): boolean {
    if (this.window <= 0) return false;
    const key = lineDigest(text);
    if (this.recent.has(key)) return true;
    this.recent.add(key);
    if (this.recent.size > this.window) {
      const oldest = this.recent.values().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
    return false;
  }
}
