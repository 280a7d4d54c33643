/**
 * The Goertzel algorithm: the power of one DFT bin, at any frequency (not only k·fs/N), in one pass of N multiply-adds
 * and no allocation. Cheaper than an FFT when a detector needs a handful of frequencies, as DTMF does (8 of them).
 *
 *   s[n] = x[n] + c·s[n-1] − s[n-2],   c = 2·cos(2π·f/fs)
 *   |X(f)|² = s[N-1]² + s[N-2]² − c·s[N-1]·s[N-2]
 *
 * For a sinusoid of amplitude A filling the block, |X|² ≈ (A·N/2)², so `2·√P / N` estimates A.
 */

export function goertzelCoefficient(frequency: number, sampleRate: number): number {
  return 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
}

/** |X(f)|² over `samples[start, start + length)`, with `coefficient` from `goertzelCoefficient`. */
export function goertzelPower(
  samples: ArrayLike<number>,
  coefficient: number,
  start = 0,
  length: number = samples.length - start,
): number {
  let s1 = 0;
  let s2 = 0;
  const end = start + length;
  for (let i = start; i < end; i++) {
    const s0 = samples[i]! + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
}

/**
 * |X(f)|² of four frequencies at once (`coefficients[0..3]` → `out[0..3]`). Each Goertzel recurrence is a chain of
 * dependent multiply-adds, so one alone is bound by floating-point latency; four interleaved chains run in about the
 * time of one. This is what the DTMF detector spends its time in.
 */
export function goertzelPower4(
  samples: Float32Array,
  coefficients: Float64Array,
  out: Float64Array,
  start = 0,
  length: number = samples.length - start,
): void {
  const c0 = coefficients[0]!;
  const c1 = coefficients[1]!;
  const c2 = coefficients[2]!;
  const c3 = coefficients[3]!;
  let a1 = 0, a2 = 0, b1 = 0, b2 = 0, d1 = 0, d2 = 0, e1 = 0, e2 = 0; // prettier-ignore
  const end = start + length;
  for (let i = start; i < end; i++) {
    const x = samples[i]!;
    const a0 = x + c0 * a1 - a2;
    const b0 = x + c1 * b1 - b2;
    const d0 = x + c2 * d1 - d2;
    const e0 = x + c3 * e1 - e2;
    a2 = a1;
    a1 = a0;
    b2 = b1;
    b1 = b0;
    d2 = d1;
    d1 = d0;
    e2 = e1;
    e1 = e0;
  }
  out[0] = a1 * a1 + a2 * a2 - c0 * a1 * a2;
  out[1] = b1 * b1 + b2 * b2 - c1 * b1 * b2;
  out[2] = d1 * d1 + d2 * d2 - c2 * d1 * d2;
  out[3] = e1 * e1 + e2 * e2 - c3 * e1 * e2;
}

/** Estimated amplitude (same units as the samples) of a sinusoid at `frequency` in `samples`. */
export function toneAmplitude(samples: ArrayLike<number>, frequency: number, sampleRate: number): number {
  if (samples.length === 0) return 0;
  const power = goertzelPower(samples, goertzelCoefficient(frequency, sampleRate));
  return (2 * Math.sqrt(Math.max(0, power))) / samples.length;
}
