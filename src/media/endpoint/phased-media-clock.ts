/**
 * One drift-free media clock whose subscribers are spread over the 20 ms period in `phases` groups.
 *
 * With a single `MediaClock`, every leg sends at the same instant: 2,000 legs are one burst of 2,000 `send` calls of
 * about 3 µs each (TOOLING.md), so the last packet of the burst leaves 6 ms after its due time, and the receivers see
 * 100,000 packets arrive in clumps 20 ms apart. Here a leg joins the least crowded of `phases` groups and group g is due
 * `g · period / phases` after the period starts: each wake-up sends 1/phases of the legs, every leg still sends
 * exactly every 20 ms on its own ideal schedule, and a burst is 10× shorter.
 *
 * It is a `MediaClock` ticking every `period / phases` (one timer for all legs, aimed at the ideal schedule, so no
 * drift); sub-tick k serves group k mod phases with frame index floor(k / phases). A leg's `MediaTick.ideal` is its
 * group's due time, so its RTP timestamps (from the frame index) and its send times both advance by exactly 20 ms.
 */
import { MediaClock, type MediaTick, type Pacer } from '../clock/media-clock.js';
import type { TickSource } from './tick-source.js';

type TickFn = (tick: MediaTick) => void;

export interface PhasedMediaClockOptions {
  /** Groups per period (default 10: one wake-up every 2 ms). */
  phases?: number;
  /** Frame period, ms (default 20). */
  periodMs?: number;
  /** After a stall longer than this many periods, skip ahead instead of replaying (default 5). */
  maxCatchUpPeriods?: number;
}

export class PhasedMediaClock implements TickSource {
  readonly phases: number;
  readonly periodMs: number;
  private readonly inner: MediaClock;
  private readonly groups: Set<TickFn>[];
  private unsubscribeInner: (() => void) | null = null;
  private members = 0;

  constructor(pacer: Pacer, options: PhasedMediaClockOptions = {}) {
    this.phases = Math.max(1, Math.floor(options.phases ?? 10));
    this.periodMs = options.periodMs ?? 20;
    this.inner = new MediaClock(pacer, this.periodMs / this.phases, (options.maxCatchUpPeriods ?? 5) * this.phases);
    this.groups = Array.from({ length: this.phases }, () => new Set<TickFn>());
  }

  get size(): number {
    return this.members;
  }

  /** Wake-ups that ran more than a sub-period late (stalls), from the underlying clock. */
  get stalls(): number {
    return this.inner.stalls;
  }

  /** Number of subscribers in each group (for tests and metrics). */
  groupSizes(): number[] {
    return this.groups.map((g) => g.size);
  }

  subscribe(fn: TickFn): () => void {
    let group = this.groups[0]!;
    for (const g of this.groups) if (g.size < group.size) group = g;
    group.add(fn);
    this.members++;
    if (!this.unsubscribeInner) this.unsubscribeInner = this.inner.subscribe(this.dispatch);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      group.delete(fn);
      if (--this.members === 0) {
        this.unsubscribeInner?.();
        this.unsubscribeInner = null;
      }
    };
  }

  private readonly dispatch = (sub: MediaTick): void => {
    const phase = sub.index % this.phases;
    const group = this.groups[phase]!;
    if (group.size === 0) return;
    const tick: MediaTick = { index: (sub.index - phase) / this.phases, ideal: sub.ideal, lateMs: sub.lateMs };
    for (const fn of group) {
      try {
        fn(tick);
      } catch {
        // One leg's failure must not stop the others; legs report their own errors.
      }
    }
  };
}
