/**
 * Per-source token buckets for unauthenticated requests (a REGISTER flood, an INVITE scan): each source address gets
 * `burst` requests at once and `perSecond` sustained. Bounded memory: idle buckets are forgotten, and when the table
 * is full the oldest entries go first.
 */
export class SourceRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly maxSources = 100_000,
  ) {}

  /** Takes one token for `source` at time `now` (ms); false when the source is over its rate. */
  allow(source: string, now: number): boolean {
    let b = this.buckets.get(source);
    if (!b) {
      if (this.buckets.size >= this.maxSources) this.evict(now);
      b = { tokens: this.burst, at: now };
    } else {
      b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
      b.at = now;
      // Re-insert so the Map's order is least-recently-used first.
      this.buckets.delete(source);
    }
    this.buckets.set(source, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  get size(): number {
    return this.buckets.size;
  }

  private evict(now: number): void {
    for (const [key, b] of this.buckets) {
      const full = b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.burst;
      if (full || this.buckets.size >= this.maxSources) this.buckets.delete(key);
      if (this.buckets.size < this.maxSources * 0.9) return;
    }
  }
}
