/**
 * One clock for all media legs. Every `periodMs` (20 ms: one G.711 frame) it calls each subscriber once with the
 * tick's index, instead of a timer per call: thousands of legs cost one timer wake-up per period.
 *
 * It does not drift: the n-th tick is due at `start + n·period` (the ideal schedule), and each wake-up is aimed at the
 * next ideal time, not at "last wake-up + period", so a late wake-up is not carried into the next tick. When the
 * process stalls for longer than a period, the missed ticks are delivered at once with their own indices (the
 * subscribers decide whether to send or skip), and `lateMs` tells how late each one is.
 */
export interface MediaTick {
  /** 0, 1, 2, ...: RTP timestamps derive from it (index × samples per period), so they stay continuous. */
  index: number;
  /** When the tick was due on the ideal schedule (ms on the pacer's clock). */
  ideal: number;
  /** How late it runs, ms (≥ 0). */
  lateMs: number;
}

/** Time and wake-ups for the clock: high-resolution in production, fake in tests. */
export interface Pacer {
  now(): number;
  wakeAt(at: number, fn: () => void): { cancel(): void };
}

export class MediaClock {
  private readonly subscribers = new Set<(tick: MediaTick) => void>();
  private start = 0;
  private next = 0;
  private wake: { cancel(): void } | null = null;
  /** Ticks whose lateness exceeded one period (stalls), for metrics. */
  stalls = 0;

  constructor(
    private readonly pacer: Pacer,
    readonly periodMs = 20,
    /** After a stall longer than this many periods, skip ahead instead of replaying every missed tick. */
    private readonly maxCatchUp = 5,
  ) {}

  get running(): boolean {
    return this.wake !== null;
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Adds a subscriber; the clock runs while it has any. Returns the unsubscribe function. */
  subscribe(fn: (tick: MediaTick) => void): () => void {
    this.subscribers.add(fn);
    if (!this.wake) {
      this.start = this.pacer.now();
      this.next = 0;
      this.schedule();
    }
    return () => {
      this.subscribers.delete(fn);
      if (this.subscribers.size === 0) this.stop();
    };
  }

  stop(): void {
    this.wake?.cancel();
    this.wake = null;
  }

  private schedule(): void {
    this.wake = this.pacer.wakeAt(this.start + this.next * this.periodMs, () => this.fire());
  }

  private fire(): void {
    const now = this.pacer.now();
    const due = Math.floor((now - this.start) / this.periodMs);
    if (due - this.next >= this.maxCatchUp) {
      // A long stall (GC, a blocked loop): replaying hundreds of ticks would flood peers; jump to the present.
      this.stalls++;
      this.next = due - this.maxCatchUp + 1;
    }
    for (; this.next <= due; this.next++) {
      const ideal = this.start + this.next * this.periodMs;
      const tick: MediaTick = { index: this.next, ideal, lateMs: Math.max(0, now - ideal) };
      if (tick.lateMs > this.periodMs) this.stalls++;
      for (const fn of this.subscribers) {
        try {
          fn(tick);
        } catch {
          // One leg's failure must not stop the others; legs report their own errors.
        }
      }
    }
    if (this.subscribers.size > 0) this.schedule();
    else this.wake = null;
  }
}
