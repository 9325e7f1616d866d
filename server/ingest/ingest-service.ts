/**
 * One path for every sender (HTTP, demo traffic, Asterisk adapters, manager actions):
 * validate each event, drop repeats inside the request, fold the rest exactly once.
 */
import { EventEmitter } from 'node:events';
import type { IngestResult, ObzorEvent } from '../../shared/events.js';
import type { EntityKind } from '../domain/entities.js';
import { StoreUnavailableError, type CommandResult, type EntityRecord, type EventStore, type InvalidCommand } from '../store/event-store.js';
import { CONSOLE_SOURCE, validateEvent } from './validate-event.js';

export interface IngestOptions {
  source?: string;
  /** an archive import (npm run obzor -- import:queue-log): `at` may lie before the history horizon, back to 2000 */
  archive?: boolean;
}

/** the default history horizon (OBZOR_COUNTER_DAYS) for services built without configuration */
export const DEFAULT_HORIZON_MS = 400 * 86_400_000;

export interface IngestEvents {
  /** sites whose state changed, after the change is durable in Redis */
  applied: [sites: Set<string>, events: ObzorEvent[]];
  /** every request's outcome, for metrics */
  ingested: [items: readonly unknown[], results: IngestResult[], source: string | undefined, seconds: number];
}

export class IngestService extends EventEmitter<IngestEvents> {
  constructor(
    private readonly store: EventStore,
    private readonly knownSites: ReadonlySet<string>,
    private readonly clock: () => number = Date.now,
    /** how far back an event's `at` may lie: the counters' retention (shared/event-times.ts) */
    private readonly horizonMs: number = DEFAULT_HORIZON_MS,
  ) {
    super();
  }

  private stopped = false;

  /** after this, new requests get "unavailable" (503: retry elsewhere) while in-flight ones finish */
  stop(): void {
    this.stopped = true;
  }

  async ingest(items: readonly unknown[], opts: IngestOptions = {}): Promise<IngestResult[]> {
    if (this.stopped) throw new StoreUnavailableError('this node is shutting down');
    const started = performance.now();
    const results = await this.fold(items, opts);
    this.emit('ingested', items, results, opts.source, (performance.now() - started) / 1000);
    return results;
  }

  private async fold(items: readonly unknown[], opts: IngestOptions): Promise<IngestResult[]> {
    const now = this.clock();
    const results: IngestResult[] = [];
    const valid: ObzorEvent[] = [];
    const slotOf = new Map<string, number>();
    const seenHere = new Set<string>();
    const ctx = { knownSites: this.knownSites, now, horizonMs: opts.archive ? Infinity : this.horizonMs, source: opts.source };
    for (const raw of items) {
      const v = validateEvent(raw, ctx);
      if (!v.ok) {
        results.push({ id: v.id, status: 'rejected', error: v.error });
        continue;
      }
      const key = `${v.event.site}\u0000${v.event.id}`;
      if (seenHere.has(key)) {
        results.push({ id: v.event.id, status: 'duplicate' });
        continue;
      }
      seenHere.add(key);
      slotOf.set(key, results.length);
      results.push({ id: v.event.id, status: 'accepted' });
      valid.push(v.event);
    }
    if (valid.length === 0) return results;
    const status = await this.store.apply(valid);
    const applied: ObzorEvent[] = [];
    const sites = new Set<string>();
    for (const e of valid) {
      const s = status.get(e) ?? { status: 'duplicate' };
      results[slotOf.get(`${e.site}\u0000${e.id}`)!] = { id: e.id, ...s };
      if (s.status === 'accepted') {
        applied.push(e);
        sites.add(e.site);
      }
    }
    if (applied.length) this.emit('applied', sites, applied);
    return results;
  }

  /**
   * A state-dependent action (a manager acknowledging an escalation…): the decided event is
   * validated like any sent event and goes through the same exactly-once store path.
   */
  async command<R extends { refused: string }>(
    site: string,
    kind: EntityKind,
    id: string,
    decide: (record: EntityRecord | null) => ObzorEvent | R,
  ): Promise<CommandResult | R | InvalidCommand> {
    const now = this.clock();
    const result = await this.store.command(site, kind, id, (record) => {
      const decided = decide(record);
      if ('refused' in decided) return decided;
      const v = validateEvent(decided, { knownSites: this.knownSites, now, horizonMs: this.horizonMs, source: CONSOLE_SOURCE });
      return v.ok ? v.event : { refused: v.error, reason: 'invalid' as const };
    });
    if ('applied' in result) this.emit('applied', new Set([site]), [result.applied]);
    return result;
  }
}
