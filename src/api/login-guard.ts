import type { Clock } from '../lib/clock.js';
import { HttpProblem } from './problem-details.js';
import { SlidingWindowLimiter } from './rate-limiter.js';

/**
 * Slows password guessing: after `maxFailures` failed logins for one username within the window, further attempts
 * for that username are refused with 429 until the window moves on, whatever the password. Only failures count,
 * so an operator who logs in correctly is never locked out by their own successes.
 */
export class LoginGuard {
  private readonly failures: SlidingWindowLimiter;

  constructor(clock: Clock, maxFailures = 10, windowMs = 5 * 60_000) {
    this.failures = new SlidingWindowLimiter(clock, maxFailures, windowMs);
  }

  /** Throws a 429 problem when the username is locked for now. */
  check(username: string): void {
    const d = this.failures.check(username.toLowerCase());
    if (d.allowed) return;
    const retryAfterSeconds = Math.ceil(d.retryAfterMs / 1000);
    throw new HttpProblem({
      status: 429,
      slug: 'rate-limited',
      title: 'Too many requests',
      detail: `Too many failed logins for this username. Retry in ${retryAfterSeconds} s.`,
      extensions: { retryAfterSeconds, limit: 'login' },
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }

  failed(username: string): void {
    this.failures.record(username.toLowerCase());
  }
}
