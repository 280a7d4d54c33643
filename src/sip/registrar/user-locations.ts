import type { Clock, TimerHandle } from '../../lib/clock.js';
import { Listeners } from '../events/listeners.js';
import type { Binding, LocationService } from './location-service.js';

export interface RegistrationEvents extends Record<string, unknown[]> {
  /** A user went from no binding to at least one: their phone can be rung. */
  registered: [username: string, bindings: readonly Binding[]];
  /** A user's last binding went away: by un-REGISTER (`removed`) or because it was not refreshed (`expired`). */
  unregistered: [username: string, why: 'removed' | 'expired'];
  /** Any change of a user's bindings (a new contact, a refresh, a removal, an expiry), with the bindings now. */
  changed: [username: string, bindings: readonly Binding[]];
}

/**
 * The registrar's view of the location service (RFC 3261 §10.3), keyed by operator username: holdless serves one
 * domain, so the user part of the address of record names the operator whatever host the phone wrote. It tells
 * listeners when a user's bindings change, including when they expire unrefreshed (a clock timer at the earliest
 * expiry of each user, so `unregistered` fires on time even if nobody looks the user up).
 */
export class UserLocations {
  readonly events = new Listeners<RegistrationEvents>();
  private readonly expiryTimers = new Map<string, TimerHandle>();

  constructor(
    readonly service: LocationService,
    private readonly clock: Clock,
  ) {}

  /** The user's current bindings, highest q first (most recently refreshed first among equals). */
  lookup(username: string): Binding[] {
    return this.service.lookup(username, this.clock.now());
  }

  isRegistered(username: string): boolean {
    return this.lookup(username).length > 0;
  }

  /** Users with at least one current binding. */
  usernames(): string[] {
    return this.service.addressesOfRecord(this.clock.now());
  }

  /** Stores what the registrar decided and tells listeners. */
  update(username: string, bindings: Binding[]): void {
    const before = this.lookup(username).length;
    this.service.store(username, bindings);
    this.emitChange(username, before, bindings, 'removed');
  }

  /** Stops the expiry timers (the user agent stops). */
  stop(): void {
    for (const t of this.expiryTimers.values()) this.clock.clearTimeout(t);
    this.expiryTimers.clear();
  }

  private emitChange(username: string, before: number, after: readonly Binding[], why: 'removed' | 'expired'): void {
    this.schedule(username, after);
    this.events.emit('changed', username, after);
    if (before === 0 && after.length > 0) this.events.emit('registered', username, after);
    if (before > 0 && after.length === 0) this.events.emit('unregistered', username, why);
  }

  private schedule(username: string, bindings: readonly Binding[]): void {
    const old = this.expiryTimers.get(username);
    if (old) this.clock.clearTimeout(old);
    this.expiryTimers.delete(username);
    if (bindings.length === 0) return;
    const next = Math.min(...bindings.map((b) => b.expiresAt));
    const timer = this.clock.setTimeout(() => {
      this.expiryTimers.delete(username);
      const now = this.clock.now();
      // The service's own view, including what it holds beyond our last update (a shared store).
      const stored = this.service.lookup(username, now - 1);
      const live = stored.filter((b) => b.expiresAt > now);
      if (live.length === stored.length) {
        this.schedule(username, live);
        return;
      }
      this.service.store(username, live);
      this.emitChange(username, stored.length, live, 'expired');
    }, Math.max(0, next - this.clock.now()));
    this.expiryTimers.set(username, timer);
  }
}
