import type { Clock, TimerHandle } from '../../lib/clock.js';
import { Listeners } from '../events/listeners.js';

/** What one probe found: the peer answered (`alive`), or timed out / answered 408 or 5xx (`failed`). */
export type ProbeOutcome = 'alive' | 'failed';

/** Sends one probe (an OPTIONS request) and reports what came of it, once. */
export type Probe<T> = (target: T, done: (outcome: ProbeOutcome) => void) => void;

/** `unknown` until the first probe ends; `down` after `failuresBeforeDown` failures in a row; `up` after a success. */
export type ReachabilityState = 'unknown' | 'up' | 'down';

export interface KeepAliveOptions {
  /** Seconds between probes of a target (default 30). */
  intervalSeconds: number;
  /** Consecutive failed probes that mark a target down (default 3). */
  failuresBeforeDown: number;
}

export const DEFAULT_KEEP_ALIVE: Readonly<KeepAliveOptions> = Object.freeze({ intervalSeconds: 30, failuresBeforeDown: 3 });

export interface KeepAliveEvents<K> extends Record<string, unknown[]> {
  /** A target changed state (`unknown` → `up`, `up` → `down`, `down` → `up`). */
  state: [key: K, state: ReachabilityState];
}

interface Entry<T> {
  target: T;
  state: ReachabilityState;
  failures: number;
  inFlight: boolean;
  timer: TimerHandle | undefined;
}

/**
 * Probes a changing set of targets (trunks, registered contacts) every `intervalSeconds` on the injected clock and
 * keeps each one's reachability. A probe still running when the next is due (an OPTIONS transaction lasts up to
 * 64·T1, RFC 3261 §17.1.2.2) is not doubled: that round is skipped. Probes are spread over the interval by starting
 * each target's timer when it is added.
 */
export class KeepAliveMonitor<K, T> {
  readonly events = new Listeners<KeepAliveEvents<K>>();
  private readonly entries = new Map<K, Entry<T>>();
  private readonly options: KeepAliveOptions;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly probe: Probe<T>,
    options: Partial<KeepAliveOptions> = {},
  ) {
    this.options = { ...DEFAULT_KEEP_ALIVE, ...options };
  }

  /** Starts probing `key` (at once, then every interval); an existing key gets its new target and keeps its state. */
  add(key: K, target: T): void {
    if (this.stopped) return;
    const existing = this.entries.get(key);
    if (existing) {
      existing.target = target;
      return;
    }
    const entry: Entry<T> = { target, state: 'unknown', failures: 0, inFlight: false, timer: undefined };
    this.entries.set(key, entry);
    this.run(key, entry);
  }

  remove(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    if (entry.timer) this.clock.clearTimeout(entry.timer);
    this.entries.delete(key);
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  keys(): K[] {
    return [...this.entries.keys()];
  }

  state(key: K): ReachabilityState {
    return this.entries.get(key)?.state ?? 'unknown';
  }

  stop(): void {
    this.stopped = true;
    for (const key of [...this.entries.keys()]) this.remove(key);
  }

  private run(key: K, entry: Entry<T>): void {
    entry.timer = this.clock.setTimeout(() => this.run(key, entry), this.options.intervalSeconds * 1000);
    if (entry.inFlight) return;
    entry.inFlight = true;
    let reported = false;
    this.probe(entry.target, (outcome) => {
      if (reported) return;
      reported = true;
      entry.inFlight = false;
      if (this.entries.get(key) !== entry) return; // removed meanwhile
      this.record(key, entry, outcome);
    });
  }

  private record(key: K, entry: Entry<T>, outcome: ProbeOutcome): void {
    let next = entry.state;
    if (outcome === 'alive') {
      entry.failures = 0;
      next = 'up';
    } else {
      entry.failures += 1;
      if (entry.failures >= this.options.failuresBeforeDown) next = 'down';
    }
    if (next !== entry.state) {
      entry.state = next;
      this.events.emit('state', key, next);
    }
  }
}
