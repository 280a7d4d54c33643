import type { Clock, TimerHandle } from '../../lib/clock.js';

export interface SessionTimerCallbacks {
  /** Time to send a session refresh (we are the refresher): at half the interval (RFC 4028 §10). */
  refresh(): void;
  /** No refresh came in time (the peer is the refresher): end the session with BYE (RFC 4028 §10). */
  expire(): void;
}

/**
 * The session timer of one dialog (RFC 4028 §10), on the injected clock.
 *
 * ```
 *   start(n, weRefresh) ──► armed ──(refresh or 2xx to ours: start again)──► armed
 *                             │ weRefresh: at n/2 → refresh()
 *                             │ peer refreshes: at n − min(32, n/3) → expire()
 *                             ▼ stop() (dialog ended)
 *                           idle
 * ```
 *
 * §10: the refresher "SHOULD send a refresh ... at ... half the session interval"; the other side, "if it does not
 * receive a session refresh request before the session expiration, ... SHOULD send a BYE ... slightly before the
 * session expiration. The minimum of 32 seconds and one third of the session interval is RECOMMENDED."
 */
export class SessionTimer {
  private handle: TimerHandle | undefined;
  private current: { seconds: number; weRefresh: boolean } | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly callbacks: SessionTimerCallbacks,
  ) {}

  /** The interval in force and who refreshes, while armed. */
  get active(): { seconds: number; weRefresh: boolean } | undefined {
    return this.current;
  }

  /** Arms (or re-arms, after a refresh) the timer for an interval of `seconds`. */
  start(seconds: number, weRefresh: boolean): void {
    this.stop();
    this.current = { seconds, weRefresh };
    const ms = weRefresh ? (seconds * 1000) / 2 : (seconds - Math.min(32, seconds / 3)) * 1000;
    this.handle = this.clock.setTimeout(() => {
      this.handle = undefined;
      if (weRefresh) this.callbacks.refresh();
      else {
        this.current = undefined;
        this.callbacks.expire();
      }
    }, ms);
  }

  stop(): void {
    if (this.handle) this.clock.clearTimeout(this.handle);
    this.handle = undefined;
    this.current = undefined;
  }
}
