import type { Clock, TimerHandle } from '../../lib/clock.js';
import type { TimerValues } from '../transaction/timer-values.js';

/**
 * The UAS core's 2xx retransmission, RFC 3261 §13.3.1.4: over UDP the 2xx to an INVITE is re-sent at T1, 2·T1, ...
 * up to T2 until its ACK arrives; if none arrives within 64·T1, the session should be ended with a BYE. (The INVITE
 * server transaction does not do this: since RFC 6026 it only passes the TU's retransmissions through.)
 */
export class SuccessRetransmitter {
  private readonly pending = new Map<string, { timer: TimerHandle; deadline: number; onGiveUp: () => void }>();

  constructor(
    private readonly clock: Clock,
    private readonly timers: TimerValues,
  ) {}

  static key(callId: string, cseq: number): string {
    return `${callId}\u0000${cseq}`;
  }

  /** Starts retransmitting with `resend` until {@link acknowledged} or the 64·T1 deadline (then `onGiveUp`). */
  start(key: string, resend: () => void, onGiveUp: () => void): void {
    this.stop(key);
    const deadline = this.clock.now() + 64 * this.timers.T1;
    const arm = (interval: number) => {
      const timer = this.clock.setTimeout(() => {
        const entry = this.pending.get(key);
        if (!entry) return;
        if (this.clock.now() >= entry.deadline) {
          this.pending.delete(key);
          entry.onGiveUp();
          return;
        }
        resend();
        // The last wait ends exactly at the deadline, so giving up happens at 64·T1, not at the next retransmission.
        arm(Math.min(2 * interval, this.timers.T2, entry.deadline - this.clock.now()));
      }, interval);
      this.pending.set(key, { timer, deadline, onGiveUp });
    };
    arm(this.timers.T1);
  }

  /** The ACK came: stop. Returns true when a retransmission was pending for it. */
  acknowledged(key: string): boolean {
    return this.stop(key);
  }

  /** Stops every retransmission (the stack is shutting down). */
  clear(): void {
    for (const key of [...this.pending.keys()]) this.stop(key);
  }

  get size(): number {
    return this.pending.size;
  }

  private stop(key: string): boolean {
    const entry = this.pending.get(key);
    if (!entry) return false;
    this.clock.clearTimeout(entry.timer);
    this.pending.delete(key);
    return true;
  }
}
