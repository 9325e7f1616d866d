/** Fixed-bucket latency histogram: constant memory however many samples, exact to one bucket. */
export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface HistogramData {
  resolutionMs: number;
  buckets: [index: number, count: number][];
  sum: number;
  top: number;
}

export class Histogram {
  private readonly counts: Uint32Array;
  private n = 0;
  private sum = 0;
  private top = 0;

  constructor(
    private readonly resolutionMs = 1,
    maxMs = 120_000,
  ) {
    this.counts = new Uint32Array(Math.ceil(maxMs / resolutionMs) + 1);
  }

  record(ms: number): void {
    const v = ms < 0 ? 0 : ms;
    const i = Math.min(this.counts.length - 1, Math.floor(v / this.resolutionMs));
    this.counts[i]!++;
    this.n++;
    this.sum += v;
    if (v > this.top) this.top = v;
  }

  get count(): number {
    return this.n;
  }

  /** the bucket's lower edge: exact for whole-millisecond samples at 1 ms resolution */
  percentile(p: number): number {
    if (this.n === 0) return NaN;
    const target = Math.max(1, Math.ceil((p / 100) * this.n));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= target) return i * this.resolutionMs;
    }
    return this.top;
  }

  /** the samples, for another process to merge (only the buckets that have any) */
  export(): HistogramData {
    const buckets: [number, number][] = [];
    this.counts.forEach((c, i) => c && buckets.push([i, c]));
    return { resolutionMs: this.resolutionMs, buckets, sum: this.sum, top: this.top };
  }

  /** adds another histogram's samples (same resolution): clients spread over processes report as one */
  merge(d: HistogramData): this {
    if (d.resolutionMs !== this.resolutionMs) throw new Error('histograms of different resolutions');
    for (const [i, c] of d.buckets) {
      this.counts[Math.min(i, this.counts.length - 1)]! += c;
      this.n += c;
    }
    this.sum += d.sum;
    this.top = Math.max(this.top, d.top);
    return this;
  }

  summary(): LatencySummary {
    const r = (x: number) => Math.round(x * 100) / 100;
    return {
      count: this.n,
      mean: r(this.n ? this.sum / this.n : NaN),
      p50: r(this.percentile(50)),
      p95: r(this.percentile(95)),
      p99: r(this.percentile(99)),
      max: r(this.top),
    };
  }
}
