/**
 * What an adapter has mapped but the sink has not yet accepted, and the delivery of it: in
 * order, in batches of at most `batchSize`; when the sink fails the batch stays at the head,
 * a `sink_error` says when the next try is, and the next try waits a backoff. Bounded: beyond
 * `maxPending` the oldest waiting events are dropped (and said so), so a long outage cannot
 * eat the memory.
 *
 * The owner may mark places in what it pushes (a queue_log follower: the position after each
 * line). After each accepted batch it is told the last mark all of whose events the sink now
 * has: the place it may resume from with nothing lost.
 */
import type { ObzorEvent } from '../../../shared/events.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { batchSizeOf, type EventSink } from './event-sink.js';

export type DeliveryNotice = { kind: 'sink_error'; error: string; retryInMs: number } | { kind: 'dropped'; count: number };

/** setTimeout/clearTimeout, injectable; the default timer does not keep the process alive */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface DeliveryBufferOptions<Mark> {
  sink: EventSink;
  /** events per sink call, ≤ 1000; default 500 */
  batchSize?: number;
  /** events kept waiting while the sink fails; the oldest are dropped beyond this. Default 50 000 */
  maxPending?: number;
  backoff?: BackoffOptions;
  random?: () => number;
  /**
   * After a failure, try again on its own once the backoff has passed (default). false: the
   * owner calls `flush` again when it likes (a follower at its next poll, `retryInMs` later).
   */
  retryOnTimer?: boolean;
  timers?: Timers;
  now?: () => number;
  /** after the sink accepted a batch: its events, and the last mark it completed (if any) */
  onAccepted?: (events: readonly ObzorEvent[], mark: Mark | undefined) => void | Promise<void>;
  onNotice?: (n: DeliveryNotice) => void;
}

interface Placed<Mark> {
  /** how many of the pending events come before this mark */
  at: number;
  mark: Mark;
}

export class DeliveryBuffer<Mark = never> {
  private readonly events: ObzorEvent[] = [];
  private marks: Placed<Mark>[] = [];
  private readonly batchSize: number;
  private readonly timers: Timers;
  /** the head's events now with the sink: never dropped from under it */
  private inFlight = 0;
  private sending: Promise<boolean> | null = null;
  private failures = 0;
  private retryIn: number | undefined;
  private retryTimer: unknown = null;
  private retrying = true;

  constructor(private readonly opts: DeliveryBufferOptions<Mark>) {
    this.batchSize = batchSizeOf(opts.batchSize);
    this.timers = opts.timers ?? realTimers;
  }

  /** events not yet accepted (a batch with the sink included) */
  get size(): number {
    return this.events.length;
  }

  /** while the sink is failing: how long the wait before the next try is */
  get retryInMs(): number | undefined {
    return this.retryIn;
  }

  /** adds events (and, after them, a mark); sends nothing */
  push(events: readonly ObzorEvent[], mark?: Mark): void {
    this.events.push(...events);
    if (mark !== undefined) this.marks.push({ at: this.events.length, mark });
    this.bound();
  }

  /** adds events and delivers them in the background, unless a retry is already waiting for its time */
  send(events: readonly ObzorEvent[]): void {
    this.push(events);
    if (!this.sending && this.retryTimer === null) void this.deliver(false);
  }

  /** delivers everything now; true when all was accepted */
  flush(): Promise<boolean> {
    return this.deliver(false);
  }

  /** delivers the full batches now and keeps the rest for later; true unless the sink failed */
  flushFull(): Promise<boolean> {
    return this.deliver(true);
  }

  /** resolves once nothing waits and no sink call is in flight, or after `timeoutMs` */
  async drained(timeoutMs: number): Promise<void> {
    const now = this.opts.now ?? Date.now;
    const until = now() + timeoutMs;
    while ((this.events.length || this.sending) && now() < until) {
      if (this.sending) await this.sending;
      else await new Promise<void>((r) => this.timers.set(r, 20));
    }
  }

  /** resolves when the sink call in flight (if any) is over */
  async settled(): Promise<void> {
    while (this.sending) await this.sending;
  }

  /** no more tries on the timer (events stay, and go with the next send or flush) */
  stop(): void {
    this.retrying = false;
    this.cancelRetry();
  }

  start(): void {
    this.retrying = true;
  }

  /** forgets what waits: the owner will produce it again (a follower restarting from its saved position) */
  discard(): void {
    this.events.splice(this.inFlight);
    this.marks = this.marks.filter((m) => m.at <= this.inFlight);
    this.failures = 0;
    this.retryIn = undefined;
    this.cancelRetry();
  }

  private async deliver(fullOnly: boolean): Promise<boolean> {
    while (this.sending) await this.sending;
    this.cancelRetry();
    const run = this.run(fullOnly);
    this.sending = run;
    try {
      return await run;
    } finally {
      if (this.sending === run) this.sending = null;
    }
  }

  private async run(fullOnly: boolean): Promise<boolean> {
    for (;;) {
      const n = Math.min(this.batchSize, this.events.length);
      if (fullOnly ? n < this.batchSize : n === 0 && !this.marks.length) return true;
      const batch = this.events.slice(0, n);
      if (n) {
        this.inFlight = n;
        try {
          await this.opts.sink(batch);
        } catch (e) {
          this.failed(e);
          return false;
        } finally {
          this.inFlight = 0;
        }
      }
      this.events.splice(0, n);
      this.failures = 0;
      this.retryIn = undefined;
      let done = 0;
      while (done < this.marks.length && this.marks[done]!.at <= n) done += 1;
      const reached = done ? this.marks[done - 1]!.mark : undefined;
      this.marks.splice(0, done);
      for (const m of this.marks) m.at -= n;
      await this.opts.onAccepted?.(batch, reached);
    }
  }

  private failed(e: unknown): void {
    this.failures += 1;
    const retryInMs = backoffDelay(this.failures, this.opts.backoff, this.opts.random);
    this.retryIn = retryInMs;
    this.opts.onNotice?.({ kind: 'sink_error', error: e instanceof Error ? e.message : String(e), retryInMs });
    if (this.opts.retryOnTimer === false || !this.retrying) return;
    this.retryTimer = this.timers.set(() => {
      this.retryTimer = null;
      if (!this.sending) void this.deliver(false);
    }, retryInMs);
  }

  private cancelRetry(): void {
    if (this.retryTimer !== null) this.timers.clear(this.retryTimer);
    this.retryTimer = null;
  }

  /** drops the oldest waiting events (never the batch with the sink) beyond maxPending */
  private bound(): void {
    const max = this.opts.maxPending ?? 50_000;
    const excess = this.events.length - this.inFlight - max;
    if (excess <= 0) return;
    this.events.splice(this.inFlight, excess);
    const cut = this.inFlight + excess;
    this.marks = this.marks.filter((m) => m.at <= this.inFlight || m.at > cut);
    for (const m of this.marks) if (m.at > cut) m.at -= excess;
    this.opts.onNotice?.({ kind: 'dropped', count: excess });
  }
}
