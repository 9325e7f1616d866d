/**
 * One screen's `resync` requests, coalesced so that no client can make the node read the state
 * faster than `minIntervalMs`: at most one snapshot read is in flight per socket, requests that
 * arrive meanwhile share its result, and a request that comes sooner than the interval after the
 * last read waits for the next allowed one. A client holding more than `maxWaiting` unanswered
 * requests is flooding (the real client asks one at a time): `request` says so, and the caller
 * drops it.
 */

export type Ack<T> = (value: T) => void;

export interface ResyncGateOptions {
  minIntervalMs: number;
  maxWaiting: number;
  /** monotonic milliseconds */
  clock?: () => number;
  /** runs `fn` after `ms`; returns a cancel function */
  schedule?: (fn: () => void, ms: number) => () => void;
  onError?: (e: Error) => void;
}

const realSchedule = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  t.unref();
  return () => clearTimeout(t);
};

export class ResyncGate<T> {
  /** acks sharing the read in flight (its result answers them all) */
  private inFlight: Ack<T>[] | null = null;
  /** acks waiting for the next allowed read */
  private queued: Ack<T>[] = [];
  private lastReadAt = -Infinity;
  private cancelTimer: (() => void) | undefined;
  private closed = false;
  private readonly clock: () => number;
  private readonly schedule: (fn: () => void, ms: number) => () => void;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly opts: ResyncGateOptions,
  ) {
    this.clock = opts.clock ?? (() => performance.now());
    this.schedule = opts.schedule ?? realSchedule;
  }

  /** how many requests wait for an answer */
  get waiting(): number {
    return this.queued.length + (this.inFlight?.length ?? 0);
  }

  /** false: too many requests are waiting already — a flood; the request is not taken */
  request(ack: Ack<T>): boolean {
    if (this.closed) return true;
    if (this.waiting >= this.opts.maxWaiting) return false;
    if (this.inFlight) this.inFlight.push(ack);
    else {
      this.queued.push(ack);
      this.pump();
    }
    return true;
  }

  /** the socket is gone: nothing more is read or answered */
  close(): void {
    this.closed = true;
    this.cancelTimer?.();
    this.queued = [];
    this.inFlight = null;
  }

  private pump(): void {
    if (this.closed || this.inFlight || this.cancelTimer || this.queued.length === 0) return;
    const wait = this.lastReadAt + this.opts.minIntervalMs - this.clock();
    if (wait > 0) {
      this.cancelTimer = this.schedule(() => {
        this.cancelTimer = undefined;
        this.pump();
      }, wait);
      return;
    }
    const acks = this.queued;
    this.queued = [];
    this.inFlight = acks;
    this.lastReadAt = this.clock();
    void this.read().then(
      (value) => {
        if (!this.closed) for (const ack of acks) ack(value);
      },
      (e: Error) => this.opts.onError?.(e),
    ).finally(() => {
      if (this.inFlight === acks) this.inFlight = null;
      this.pump();
    });
  }
}
