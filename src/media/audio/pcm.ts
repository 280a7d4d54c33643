/**
 * Conversions between the sample formats the media path meets: 16-bit integer PCM (what G.711 encodes and decodes)
 * and 32-bit float in −1..1 (what the WAV reader and the resampler work in, so 24-bit sources keep their precision
 * until the last step). Levels in dBFS are relative to a full-scale square wave (RMS 32768).
 */

/** Float (−1..1) to 16-bit PCM, rounding and clipping. `out` defaults to a new array of the same length. */
export function floatToInt16(src: Float32Array, out: Int16Array = new Int16Array(src.length)): Int16Array {
  const n = Math.min(src.length, out.length);
  for (let i = 0; i < n; i++) {
    const v = Math.round(src[i]! * 32768);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}

/** 16-bit PCM to float (−1..1). */
export function int16ToFloat(src: Int16Array, out: Float32Array = new Float32Array(src.length)): Float32Array {
  const n = Math.min(src.length, out.length);
  for (let i = 0; i < n; i++) out[i] = src[i]! / 32768;
  return out;
}

/** Linear amplitude (in 16-bit units) of a sine at `dbm0` on a G.711 line: 0 dBm0 is 3.17 dB below full scale. */
export function dbm0ToAmplitude(dbm0: number): number {
  return 32768 * 10 ** ((dbm0 - 3.17) / 20);
}

export function amplitudeToDb(ratio: number): number {
  return ratio > 0 ? 20 * Math.log10(ratio) : -Infinity;
}
