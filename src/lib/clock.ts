/**
 * Time as every layer sees it. Production code gets {@link systemClock}; tests pass a {@link FakeClock} so timers
 * (ring timeouts, wrap-up, retry delays, SIP retransmissions) run deterministically.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds; returns a handle for {@link Clock.clearTimeout}. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export interface TimerHandle {
  readonly id: number;
}

class SystemTimer implements TimerHandle {
  constructor(
    readonly id: number,
    readonly inner: NodeJS.Timeout,
  ) {}
}

let nextSystemTimerId = 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    // Node caps timers at 2^31-1 ms (~24.8 days); longer delays would fire at once.
    const inner = setTimeout(fn, Math.min(Math.max(0, ms), 2_147_483_647));
    inner.unref?.();
    return new SystemTimer(nextSystemTimerId++, inner);
  },
  clearTimeout(handle) {
    if (handle instanceof SystemTimer) clearTimeout(handle.inner);
  },
};
