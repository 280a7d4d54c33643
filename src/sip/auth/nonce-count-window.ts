/**
 * Replay protection by nonce count (RFC 7616 §3.4, RFC 2617 §3.2.2: the server keeps its own copy of the count, and
 * "if the same nc-value is seen twice, then the request is a replay"). We ask more: the count must go up.
 *
 * Remembers the highest nc seen per nonce for at most `capacity` nonces, least recently used first out. A nonce that
 * was pushed out cannot be checked any more; rather than accept its replays, every nonce issued no later than the
 * newest one forgotten is refused as "forgotten", and the server answers it `stale=true` so an honest client just
 * retries with a fresh nonce. Replay protection is per process: a cluster shares nonces (signed), not their counts.
 */
export type NonceCountVerdict = 'ok' | 'replay' | 'forgotten';

interface Entry {
  issuedAt: number;
  highest: number;
}

export class NonceCountWindow {
  private readonly entries = new Map<string, Entry>();
  private forgottenUpTo = -Infinity;

  constructor(private readonly capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  /** Records `nc` for `nonce` (issued at `issuedAt`) if it is higher than every nc seen for it. */
  accept(nonce: string, issuedAt: number, nc: number): NonceCountVerdict {
    const entry = this.entries.get(nonce);
    if (entry) {
      if (nc <= entry.highest) return 'replay';
      entry.highest = nc;
      this.entries.delete(nonce); // re-insert: Map order is our recency order
      this.entries.set(nonce, entry);
      return 'ok';
    }
    if (issuedAt <= this.forgottenUpTo) return 'forgotten';
    this.entries.set(nonce, { issuedAt, highest: nc });
    while (this.entries.size > this.capacity) {
      const [oldest, old] = this.entries.entries().next().value as [string, Entry];
      this.entries.delete(oldest);
      this.forgottenUpTo = Math.max(this.forgottenUpTo, old.issuedAt);
    }
    return 'ok';
  }

  /** Number of nonces remembered. */
  get size(): number {
    return this.entries.size;
  }
}
