import type { Clock } from '../lib/clock.js';
import { HttpProblem } from './problem-details.js';
import { SlidingWindowLimiter } from './rate-limiter.js';

export interface CallbackRateLimits {
  /** Callback requests one client (token subject) may create per minute; 0 = unlimited. */
  callbacksPerClientPerMinute: number;
  /** Callback requests for one normalized number per hour, whoever asks; 0 = unlimited. */
  callbacksPerNumberPerHour: number;
}

/**
 * The public "call me back" endpoint's abuse guard: per client per minute and per destination number per hour.
 * Both windows must have room before either counts the request, so a refused request costs nothing.
 */
export class CallbackRateLimit {
  private readonly perClient: SlidingWindowLimiter;
  private readonly perNumber: SlidingWindowLimiter;

  constructor(clock: Clock, limits: CallbackRateLimits) {
    this.perClient = new SlidingWindowLimiter(clock, limits.callbacksPerClientPerMinute, 60_000);
    this.perNumber = new SlidingWindowLimiter(clock, limits.callbacksPerNumberPerHour, 3_600_000);
  }

  /** Counts one callback request, or throws a 429 problem with `Retry-After`. Returns a function that uncounts it. */
  take(client: string, phone: string): () => void {
    const byClient = this.perClient.check(client);
    const byNumber = this.perNumber.check(phone);
    if (!byClient.allowed || !byNumber.allowed) {
      const retryAfterSeconds = Math.ceil(Math.max(byClient.retryAfterMs, byNumber.retryAfterMs) / 1000);
      const which = !byClient.allowed
        ? `${this.perClient.limit} callback requests per minute for this client`
        : `${this.perNumber.limit} callback requests per hour for this number`;
      throw rateLimited(which, retryAfterSeconds, !byClient.allowed ? 'client' : 'number');
    }
    this.perClient.record(client);
    this.perNumber.record(phone);
    return () => {
      this.perClient.undo(client);
      this.perNumber.undo(phone);
    };
  }

  /**
   * Counts one scenario start against the client's callback allowance (a started scenario typically enqueues a
   * callback; the number, if any, is inside its custom data, so only the per-client window applies). Same contract
   * as {@link take}.
   */
  takeClient(client: string): () => void {
    const byClient = this.perClient.check(client);
    if (!byClient.allowed) {
      const retryAfterSeconds = Math.ceil(byClient.retryAfterMs / 1000);
      throw rateLimited(
        `${this.perClient.limit} callback requests and scenario starts per minute for this client`,
        retryAfterSeconds,
        'client',
      );
    }
    this.perClient.record(client);
    return () => this.perClient.undo(client);
  }
}

function rateLimited(which: string, retryAfterSeconds: number, limit: 'client' | 'number'): HttpProblem {
  return new HttpProblem({
    status: 429,
    slug: 'rate-limited',
    title: 'Too many requests',
    detail: `Rate limit reached: ${which}. Retry in ${retryAfterSeconds} s.`,
    extensions: { retryAfterSeconds, limit },
    headers: { 'retry-after': String(retryAfterSeconds) },
  });
}
