/**
 * What a leg needs of the media clock: to be called once per 20 ms tick. `MediaClock` (src/media/clock) is one;
 * `PhasedMediaClock` is another that spreads its subscribers over the period.
 */
import type { MediaTick } from '../clock/media-clock.js';

export interface TickSource {
  /** Calls `fn` on every tick from now on; returns the unsubscribe function. */
  subscribe(fn: (tick: MediaTick) => void): () => void;
}
