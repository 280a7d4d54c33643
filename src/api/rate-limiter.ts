import type { Clock } from '../lib/clock.js';

export interface RateDecision {
  allowed: boolean;
  /** When refused: milliseconds until one more event fits in the window. */
  retryAfterMs: number;
}

/**
 * A sliding-window log: at most `limit` events per key in any window of `windowMs`, timed by the injected clock.
 * Memory per key is bounded by `limit`; keys whose window emptied are swept as the map grows. A limit of 0 or less
 * disables the limiter (the convention of the queue settings: 0 = unlimited).
 */
export class SlidingWindowLimiter {
  private readonly log = new Map<string, number[]>();
  private sweepAt = 1024;

  constructor(
    private readonly clock: Clock,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  get enabled(): boolean {
    return this.limit > 0 && Number.isFinite(this.limit);
  }

  check(key: string): RateDecision {
    if (!this.enabled) return { allowed: true, retryAfterMs: 0 };
    const times = this.live(key);
    if (times.length < this.limit) return { allowed: true, retryAfterMs: 0 };
    // The oldest event in the window must leave before another one fits.
    const oldest = times[times.length - this.limit] ?? this.clock.now();
    return { allowed: false, retryAfterMs: Math.max(1, oldest + this.windowMs - this.clock.now()) };
  }

  /** Counts one event now. Call after {@link check} allowed it. */
  record(key: string): void {
    if (!this.enabled) return;
    const times = this.live(key);
    times.push(this.clock.now());
    this.log.set(key, times);
    if (this.log.size >= this.sweepAt) this.sweep();
  }

  /** Takes back the most recent event of `key` (a request that turned out not to count, e.g. an idempotent replay). */
  undo(key: string): void {
    const times = this.log.get(key);
    times?.pop();
    if (times?.length === 0) this.log.delete(key);
  }

  /** Number of keys currently tracked (for tests and metrics). */
  get size(): number {
    return this.log.size;
  }

  private live(key: string): number[] {
    const times = this.log.get(key) ?? [];
    const horizon = this.clock.now() - this.windowMs;
    let drop = 0;
    while (drop < times.length && (times[drop] ?? 0) <= horizon) drop++;
    if (drop > 0) times.splice(0, drop);
    return times;
  }

  private sweep(): void {
    for (const key of [...this.log.keys()]) {
      if (this.live(key).length === 0) this.log.delete(key);
    }
    this.sweepAt = Math.max(1024, this.log.size * 2);
  }
}
