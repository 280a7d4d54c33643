import type { Clock, TimerHandle } from '../../lib/clock.js';

/**
 * The named timers of one transaction. Starting a timer that runs replaces it; `clearAll` runs when the transaction
 * terminates so no timer outlives it.
 *
 * Kept small because a finished transaction lives for up to 64·T1 (Timer J, L, H) and a busy server holds tens of
 * thousands: the handles sit in one flat array (name, handle, name, handle, ...) of exactly the length needed rather
 * than a Map, and a timer's callback goes to the clock as given. A handle whose timer has fired stays in its slot until the timer is started
 * again, stopped or cleared (clearing a fired timer does nothing).
 */
export class TransactionTimers<Name extends string> {
  private slots: Array<Name | TimerHandle> = [];

  constructor(private readonly clock: Clock) {}

  start(name: Name, ms: number, fire: () => void): void {
    const handle = this.clock.setTimeout(fire, ms);
    const i = this.slots.indexOf(name);
    if (i === -1) {
      // A literal or concat gives an array of exactly this length (push and spread reserve room for 16 more).
      this.slots = this.slots.length === 0 ? [name, handle] : this.slots.concat(name, handle);
    } else {
      this.clock.clearTimeout(this.slots[i + 1] as TimerHandle);
      this.slots[i + 1] = handle;
    }
  }

  stop(name: Name): void {
    const i = this.slots.indexOf(name);
    if (i === -1) return;
    this.clock.clearTimeout(this.slots[i + 1] as TimerHandle);
    this.slots.splice(i, 2);
  }

  clearAll(): void {
    for (let i = 1; i < this.slots.length; i += 2) this.clock.clearTimeout(this.slots[i] as TimerHandle);
    this.slots = [];
  }
}
