/**
 * An in-place radix-2 complex FFT (iterative Cooley-Tukey), for the spectrum measurements of `measure.ts`. Sizes must
 * be powers of two. Off the media path (tests, diagnostics), so clarity beats speed here.
 */

export function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/** Transforms `re`/`im` in place (forward, no scaling). */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (!isPowerOfTwo(n) || im.length !== n) throw new RangeError(`FFT size ${n} is not a power of two`);
  // Bit-reversal permutation.
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = (-2 * Math.PI) / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = Math.cos(step * k);
        const wi = Math.sin(step * k);
        const a = start + k;
        const b = a + half;
        const tr = re[b]! * wr - im[b]! * wi;
        const ti = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
      }
    }
  }
}

/**
 * Averaged power spectrum (Welch's method: Hann-windowed blocks of `size`, half overlapping) of real samples.
 * Returns `size / 2 + 1` bins; bin k is at k·sampleRate/size Hz.
 */
export function powerSpectrum(samples: ArrayLike<number>, size = 1024): Float64Array {
  if (!isPowerOfTwo(size)) throw new RangeError(`spectrum size ${size} is not a power of two`);
  const bins = new Float64Array(size / 2 + 1);
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  const window = new Float64Array(size).map((_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size));
  let blocks = 0;
  for (let start = 0; start === 0 || start + size <= samples.length; start += size / 2) {
    for (let i = 0; i < size; i++) {
      re[i] = start + i < samples.length ? samples[start + i]! * window[i]! : 0;
      im[i] = 0;
    }
    fft(re, im);
    for (let k = 0; k < bins.length; k++) bins[k] = bins[k]! + re[k]! * re[k]! + im[k]! * im[k]!;
    blocks++;
    if (start + size >= samples.length) break;
  }
  for (let k = 0; k < bins.length; k++) bins[k] = bins[k]! / blocks;
  return bins;
}
