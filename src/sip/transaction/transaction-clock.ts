import type { Clock, TimerHandle } from '../../lib/clock.js';

/**
 * The named timers of one transaction. Starting a timer that runs replaces it; `clearAll` runs when the transaction
 * terminates so no timer outlives it.
 */
export class TransactionTimers<Name extends string> {
  private readonly running = new Map<Name, TimerHandle>();

  constructor(private readonly clock: Clock) {}

  start(name: Name, ms: number, fire: () => void): void {
    this.stop(name);
    const handle = this.clock.setTimeout(() => {
      this.running.delete(name);
      fire();
    }, ms);
    this.running.set(name, handle);
  }

  stop(name: Name): void {
    const h = this.running.get(name);
    if (h) this.clock.clearTimeout(h);
    this.running.delete(name);
  }

  isRunning(name: Name): boolean {
    return this.running.has(name);
  }

  clearAll(): void {
    for (const h of this.running.values()) this.clock.clearTimeout(h);
    this.running.clear();
  }
}
