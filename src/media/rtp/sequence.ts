/**
 * Arithmetic on RTP's wrapping counters: the 16-bit sequence number and the 32-bit timestamp (RFC 3550 §5.1). Both
 * wrap, so "newer" means "ahead by less than half the space" (serial number arithmetic, the comparison RFC 3550 A.1
 * makes with `udelta < MAX_DROPOUT`).
 */

export const SEQ_MOD = 0x10000;

/** `seq + n` modulo 2^16. */
export function seqAdd(seq: number, n: number): number {
  return (seq + n) & 0xffff;
}

/** Signed distance from `b` to `a` in -32768..32767: positive when `a` is newer. */
export function seqDiff(a: number, b: number): number {
  return ((((a - b) & 0xffff) + 0x8000) & 0xffff) - 0x8000;
}

/** True when `a` comes after `b` (modulo wrap). */
export function seqNewer(a: number, b: number): boolean {
  return seqDiff(a, b) > 0;
}

/** `ts + n` modulo 2^32. */
export function timestampAdd(ts: number, n: number): number {
  return (ts + n) >>> 0;
}

/** Signed distance from `b` to `a` in -2^31..2^31-1: positive when `a` is later. */
export function timestampDiff(a: number, b: number): number {
  return (a - b) | 0;
}

/** True when `a` is later than `b` (modulo wrap). */
export function timestampNewer(a: number, b: number): boolean {
  return timestampDiff(a, b) > 0;
}

/**
 * Extends 16-bit sequence numbers to a monotonic count (cycles × 2^16 + seq), choosing for each the value nearest to
 * the highest seen so far. A lighter cousin of `SequenceTracker` for code that only needs ordering (a jitter buffer,
 * a DTMF receiver), without RFC 3550 A.1's source validation.
 */
export class SequenceUnwrapper {
  private highest = -1;

  /** The extended value of `seq`. Older packets (reordered) get a value below the highest, not a new cycle. */
  unwrap(seq: number): number {
    if (this.highest < 0) {
      this.highest = seq;
      return seq;
    }
    const extended = this.highest + seqDiff(seq, this.highest & 0xffff);
    if (extended > this.highest) this.highest = extended;
    return extended;
  }

  reset(): void {
    this.highest = -1;
  }
}
