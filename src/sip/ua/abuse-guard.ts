import { SourceRateLimiter } from '../core/source-rate-limiter.js';

export interface AbuseLimits {
  /** Sustained unauthenticated requests per second and source address before 503 (default 5). */
  perSecond: number;
  /** Requests a source may send at once before the sustained rate applies (default 20). */
  burst: number;
  /**
   * The second threshold, as a multiple of the first (default 4: 20/s, bursts of 80): past it, requests are dropped
   * without an answer, so a flood costs us no sends and the flooder learns nothing.
   */
  dropFactor: number;
  /** How long a source address that authenticated stays exempt (default 1 hour, a registration's life). */
  trustSeconds: number;
  /** Sources tracked at most (trusted and limited each; default 100,000). */
  maxSources: number;
}

export const DEFAULT_ABUSE_LIMITS: Readonly<AbuseLimits> = Object.freeze({
  perSecond: 5,
  burst: 20,
  dropFactor: 4,
  trustSeconds: 3600,
  maxSources: 100_000,
});

export type AbuseVerdict = 'allow' | 'reject' | 'drop';

/**
 * Limits what one source address may ask of us before it has proved anything (a REGISTER flood, an INVITE or OPTIONS
 * scan): two token buckets per address. Under the first rate, requests go on; over it, they get `503 Service
 * Unavailable` with `Retry-After` (RFC 3261 §21.5.4: a client honours it, so a misconfigured phone backs off); over
 * the second, higher rate, they are dropped silently (answering a flood would amplify it). Addresses of trunks are
 * not checked, nor addresses that authenticated recently (several phones behind one NAT share an address).
 * Keyed by IP address, not port: a scanner changes ports for free.
 */
export class AbuseGuard {
  private readonly soft: SourceRateLimiter;
  private readonly hard: SourceRateLimiter;
  private readonly trusted = new Map<string, number>();
  readonly limits: AbuseLimits;

  constructor(limits: Partial<AbuseLimits> = {}) {
    this.limits = { ...DEFAULT_ABUSE_LIMITS, ...limits };
    const { perSecond, burst, dropFactor, maxSources } = this.limits;
    this.soft = new SourceRateLimiter(perSecond, burst, maxSources);
    this.hard = new SourceRateLimiter(perSecond * dropFactor, burst * dropFactor, maxSources);
  }

  /** Takes a token for one unauthenticated request from `address` at `now` (ms). */
  check(address: string, now: number): AbuseVerdict {
    if (this.isTrusted(address, now)) return 'allow';
    // Both buckets count every request, so the drop threshold measures the real rate, answered or not.
    const underHard = this.hard.allow(address, now);
    const underSoft = this.soft.allow(address, now);
    if (!underHard) return 'drop';
    return underSoft ? 'allow' : 'reject';
  }

  /** Seconds a rejected client should wait (Retry-After): the time one token takes to come back, at least 1. */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(1 / this.limits.perSecond));
  }

  /** `address` just authenticated: it is exempt for `trustSeconds`. */
  trust(address: string, now: number): void {
    this.trusted.delete(address);
    if (this.trusted.size >= this.limits.maxSources) {
      const oldest = this.trusted.keys().next();
      if (!oldest.done) this.trusted.delete(oldest.value);
    }
    this.trusted.set(address, now + this.limits.trustSeconds * 1000);
  }

  isTrusted(address: string, now: number): boolean {
    const until = this.trusted.get(address);
    if (until === undefined) return false;
    if (until > now) return true;
    this.trusted.delete(address);
    return false;
  }
}
