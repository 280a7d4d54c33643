/**
 * Remembers that a reference (or a phrase) failed, so that it is not fetched (or synthesized) again for
 * `retryAfterMs`. One instance is shared by every player of the server: when a hold-music URL is down, 500 queued
 * calls and a scenario that restarts the playback from its PlaybackFinished handler in a loop (VOXENGINE.md: "must
 * not spin the CPU") cost the origin server one request per `retryAfterMs`, not one per call per loop.
 *
 * Bounded: at most `maxEntries` failures, the oldest forgotten first. Time comes from the injected Clock.
 */
import type { Clock } from '../../lib/clock.js';
import type { SourceFailure } from '../sources/index.js';

export interface FailureCacheOptions {
  /** How long a failure is remembered. Default 10 s. */
  readonly retryAfterMs?: number;
  /** Default 1,000. */
  readonly maxEntries?: number;
}

interface Entry {
  readonly error: SourceFailure;
  readonly until: number;
}

export class FailureCache {
  readonly retryAfterMs: number;
  private readonly maxEntries: number;
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    options: FailureCacheOptions = {},
  ) {
    this.retryAfterMs = options.retryAfterMs ?? 10_000;
    this.maxEntries = options.maxEntries ?? 1000;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The remembered failure of `key`, while it is fresh. */
  get(key: string): SourceFailure | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.clock.now() >= entry.until) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.error;
  }

  /** Records a failure. Aborts are not failures of the source and are ignored. */
  remember(key: string, error: SourceFailure): void {
    if (error.reason === 'aborted') return;
    this.entries.delete(key);
    this.entries.set(key, { error, until: this.clock.now() + this.retryAfterMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
