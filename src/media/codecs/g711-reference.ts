/**
 * G.711 (ITU-T G.711, 11/1988) companding, sample by sample, computed from the segment structure of the law.
 *
 * These are the formulas the lookup tables in `g711.ts` are built from, and the "segment-based" contender in
 * `bench/media-codec`. The 16-bit convention is the one of the Sun Microsystems reference code that most telephony
 * stacks (and the `alawmulaw` package) share: µ-law works on the 14-bit magnitude with a bias of 0x84 (33 << 2), A-law
 * on the 13-bit magnitude, both left-aligned in a 16-bit sample. Decoded values are the mid-points of the G.711
 * decision intervals (G.711 Tables 1 and 2, column "decoder output value"), scaled to 16 bits.
 */

/** µ-law bias: 33 in the 14-bit domain of G.711 Table 2, shifted to 16 bits. */
const ULAW_BIAS = 0x84;
/** Largest magnitude µ-law can represent after the bias (8159 in 14 bits, minus the bias, in 16 bits). */
const ULAW_CLIP = 32635;
/** A-law clips at the same magnitude in the reference code; anything above it lands in the top step either way. */
const ALAW_CLIP = 32635;

/**
 * µ-law encode of one 16-bit sample (G.711 §3, Table 2). The code is transmitted with all bits inverted (G.711 §3.2:
 * "the character signals ... are inverted"), so silence (0) encodes as 0xFF.
 */
export function ulawEncodeSample(sample: number): number {
  let magnitude = sample;
  let sign = 0;
  if (magnitude < 0) {
    sign = 0x80;
    magnitude = -magnitude;
  }
  magnitude += ULAW_BIAS;
  if (magnitude > ULAW_CLIP) magnitude = ULAW_CLIP;
  // Segment (exponent) = position of the highest set bit above bit 7: 0..7.
  const exponent = 31 - Math.clz32(magnitude >> 7);
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** µ-law decode of one code to a 16-bit sample (G.711 Table 2, decoder output values, scaled by 4). */
export function ulawDecodeSample(code: number): number {
  const c = ~code & 0xff;
  const exponent = (c >> 4) & 0x07;
  const mantissa = c & 0x0f;
  const magnitude = ((((mantissa << 3) + ULAW_BIAS) << exponent) - ULAW_BIAS) | 0;
  return c & 0x80 ? -magnitude : magnitude;
}

/**
 * A-law encode of one 16-bit sample (G.711 §2, Table 1). Even bits are inverted on the line (G.711 §2.2: XOR 0x55),
 * and the sign bit is 1 for positive values, so silence (0) encodes as 0xD5.
 */
export function alawEncodeSample(sample: number): number {
  let magnitude = sample === -32768 ? 32767 : sample < 0 ? -sample : sample;
  const sign = sample >= 0 ? 0x80 : 0;
  if (magnitude > ALAW_CLIP) magnitude = ALAW_CLIP;
  let code: number;
  if (magnitude >= 256) {
    // Segments 1..7: the highest set bit above bit 7 gives the segment.
    const segment = 32 - Math.clz32(magnitude >> 8);
    code = (segment << 4) | ((magnitude >> (segment + 3)) & 0x0f);
  } else {
    code = magnitude >> 4; // segment 0: linear, step 16 in 16-bit units
  }
  return code ^ (sign ^ 0x55);
}

/** A-law decode of one code to a 16-bit sample (G.711 Table 1, decoder output values, scaled by 8). */
export function alawDecodeSample(code: number): number {
  const c = (code ^ 0x55) & 0xff;
  const segment = (c >> 4) & 0x07;
  let magnitude = (c & 0x0f) << 4;
  magnitude = segment === 0 ? magnitude + 8 : (magnitude + 0x108) << (segment - 1);
  return c & 0x80 ? magnitude : -magnitude;
}
