/**
 * Direct PCMU ↔ PCMA transcoding for a bridge whose legs negotiated different laws: one 256-entry table per
 * direction, so a relayed packet costs one lookup per byte and no trip through 16-bit PCM.
 *
 * Each code maps to the code of the other law whose decoded value is nearest to its own decoded value (ties keep the
 * sign), which minimises the error a transcoding adds. The laws' step sizes differ near segment
 * boundaries (µ-law is finer at low levels, A-law in some middle ranges), so neither direction round-trips exactly
 * for every code: 16 of the 256 codes do not survive A→µ→A, and 16 do not survive µ→A→µ (the tests pin this).
 * ITU-T G.711 Tables 3 and 4 give a conversion of the same kind; we derive ours rather than copy it.
 */
import { ALAW_DECODE, ULAW_DECODE } from './g711.js';

function nearestTable(from: Int16Array, to: Int16Array): Uint8Array {
  const table = new Uint8Array(256);
  for (let code = 0; code < 256; code++) {
    const value = from[code]!;
    let best = 0;
    let bestError = Infinity;
    for (let candidate = 0; candidate < 256; candidate++) {
      const other = to[candidate]!;
      const error = Math.abs(other - value);
      // On a tie keep the sign (bit 7 is the sign in both laws, 1 = positive): µ-law's +0 becomes A-law's +8.
      if (error < bestError || (error === bestError && (candidate & 0x80) === (code & 0x80))) {
        best = candidate;
        bestError = error;
      }
    }
    table[code] = best;
  }
  return table;
}

/** µ-law code → nearest A-law code. */
export const ULAW_TO_ALAW: Uint8Array = nearestTable(ULAW_DECODE, ALAW_DECODE);
/** A-law code → nearest µ-law code. */
export const ALAW_TO_ULAW: Uint8Array = nearestTable(ALAW_DECODE, ULAW_DECODE);

/**
 * Maps `count` codes from `src` into `dst` through `table` (`ULAW_TO_ALAW` or `ALAW_TO_ULAW`). `dst` may be `src`
 * (in place, e.g. the payload of a packet about to be relayed). Returns `count`.
 */
export function transcodeG711(table: Uint8Array, src: Uint8Array, dst: Uint8Array, count: number = src.length): number {
  if (count < 0 || count > src.length || count > dst.length) {
    throw new RangeError(`transcodeG711: ${count} bytes do not fit input ${src.length} / output ${dst.length}`);
  }
  for (let i = 0; i < count; i++) dst[i] = table[src[i]!]!;
  return count;
}
