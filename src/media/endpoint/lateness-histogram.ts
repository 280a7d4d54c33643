/**
 * How late packets leave against their ideal send time, as a histogram of fixed bins (10 µs wide up to 1 s by
 * default): recording is one increment, so it can watch every packet of thousands of legs, and the p50/p99 of a
 * node's send lateness is the health metric of its media clock. The bins may live in a `SharedArrayBuffer`, so a media
 * worker records and the main thread reads (one writer per histogram; a reset from the reader may race a write,
 * which costs a count, not correctness). Histograms merge by adding bins.
 */
export interface LatenessHistogramOptions {
  /** Bin width, ms (default 0.01). */
  binMs?: number;
  /** Largest value binned; above it everything lands in the last bin (default 1,000 ms). */
  maxMs?: number;
}

export class LatenessHistogram {
  readonly binMs: number;
  /** `bins[i]` counts values in [i·binMs, (i+1)·binMs); the last bin everything above `maxMs`. */
  readonly bins: Uint32Array;
  /** [0]: the largest value seen. */
  private readonly max: Float64Array;
  private readonly last: number;

  constructor(options: LatenessHistogramOptions = {}, shared?: SharedArrayBuffer) {
    this.binMs = options.binMs ?? 0.01;
    this.last = Math.ceil((options.maxMs ?? 1000) / this.binMs);
    const bytes = 8 + 4 * (this.last + 1);
    const buffer = shared ?? new ArrayBuffer(bytes);
    if (buffer.byteLength < bytes) throw new RangeError(`histogram buffer of ${buffer.byteLength} bytes, needs ${bytes}`);
    this.max = new Float64Array(buffer, 0, 1);
    this.bins = new Uint32Array(buffer, 8, this.last + 1);
  }

  /** A shared buffer big enough for a histogram with `options`, to hand to another thread. */
  static sharedBuffer(options: LatenessHistogramOptions = {}): SharedArrayBuffer {
    return new SharedArrayBuffer(8 + 4 * (Math.ceil((options.maxMs ?? 1000) / (options.binMs ?? 0.01)) + 1));
  }

  readonly record = (lateMs: number): void => {
    const ms = lateMs > 0 ? lateMs : 0;
    const bin = Math.floor(ms / this.binMs);
    this.bins[bin < this.last ? bin : this.last]!++;
    if (ms > this.max[0]!) this.max[0] = ms;
  };

  get count(): number {
    let n = 0;
    for (const b of this.bins) n += b;
    return n;
  }

  get maxMs(): number {
    return this.max[0]!;
  }

  reset(): void {
    this.bins.fill(0);
    this.max[0] = 0;
  }

  /** Adds another histogram of the same bin width. */
  merge(other: { bins: ArrayLike<number>; maxMs: number }): void {
    const n = Math.min(other.bins.length, this.bins.length);
    for (let i = 0; i < n; i++) this.bins[i]! += other.bins[i]!;
    if (other.maxMs > this.max[0]!) this.max[0] = other.maxMs;
  }

  /** The q-quantile in ms (upper edge of its bin), NaN when empty. */
  quantile(q: number): number {
    const count = this.count;
    if (count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * count));
    let seen = 0;
    for (let i = 0; i < this.bins.length; i++) {
      seen += this.bins[i]!;
      if (seen >= rank) return i === this.last ? this.maxMs : (i + 1) * this.binMs;
    }
    return this.maxMs;
  }
}
