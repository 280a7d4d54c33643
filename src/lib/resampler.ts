/**
 * Sample-rate conversion by a rational factor L/M with a polyphase windowed-sinc FIR (Kaiser window), the classic
 * band-limited interpolation of J. O. Smith's "Digital Audio Resampling": output sample n sits at input time n·M/L;
 * its value is the input convolved with a low-pass sinc centred there. The sinc is tabulated for the L phases a
 * rational ratio can produce, so each output costs one dot product of 2H taps and no trigonometry.
 *
 * By default the low-pass keeps 0..0.4275·min(fin, fout) (0-3420 Hz when going to 8 kHz) and attenuates ≥ 80 dB from
 * the output Nyquist frequency up (4 kHz): anything above 4 kHz in a 44.1/48 kHz prompt is removed before it can fold
 * back into the telephone band. {@link TELEPHONE_SPEECH} is a cheaper spec for synthesized speech on its way to G.711
 * (docs/tts.md). Centring the filter on each output instant means no delay to compensate: the output is time-aligned
 * with the input and `ceil(n·L/M)` samples long.
 *
 * `process` may be called repeatedly with consecutive chunks (streaming decode); `flush` emits the tail.
 */

export interface ResamplerOptions {
  /** Stopband attenuation in dB (default 80). */
  attenuationDb?: number;
  /** Passband edge as a fraction of min(fromRate, toRate) (default 0.4275: 3420 Hz for 8 kHz). */
  passband?: number;
  /**
   * Stopband edge as a fraction of min(fromRate, toRate) (default 0.5: the narrower Nyquist frequency). Above 0.5,
   * what lies between Nyquist and the edge folds back, attenuated, to between (1 − stopband) and Nyquist: harmless
   * when that stays above the passband, and it makes the transition band, hence the filter, shorter.
   */
  stopband?: number;
}

/**
 * Downsampling synthesized speech for an 8 kHz G.711 call (docs/tts.md, "Resampling to 8 kHz"): flat to 3400 Hz;
 * only 4000-4600 Hz may fold back, into 3400-4000 Hz, above the passband; everything that would land below 3400 Hz is
 * attenuated ≥ 70 dB, 32 dB under G.711's own quantization noise (about 38 dB below the signal). 84 taps per output
 * sample from 22,050 Hz instead of the default's 192.
 */
export const TELEPHONE_SPEECH: Readonly<ResamplerOptions> = Object.freeze({ passband: 0.425, stopband: 0.575, attenuationDb: 70 });

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Modified Bessel function of the first kind, order 0 (power series), for the Kaiser window. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

/** A designed filter: immutable, so one table serves every Resampler with the same rates and options. */
interface FilterDesign {
  readonly halfTaps: number; // H: taps on each side of the output instant
  // L phases × 2H taps. Float64: V8 converts each Float32 element it reads to a double, which measured slower.
  readonly taps: Float64Array;
}

/**
 * Designs cost 2-4 ms (tens of thousands of Bessel series), more than resampling a short phrase, and the server
 * uses a handful of rate pairs: keep the last few.
 */
const designs = new Map<string, FilterDesign>();
const MAX_DESIGNS = 8;

function filterDesign(fromRate: number, toRate: number, up: number, options: ResamplerOptions): FilterDesign {
  const attenuation = options.attenuationDb ?? 80;
  const narrow = Math.min(fromRate, toRate);
  const passHz = (options.passband ?? 0.4275) * narrow;
  const stopHz = (options.stopband ?? 0.5) * narrow;
  if (!(passHz > 0 && stopHz > passHz && attenuation > 0)) {
    throw new RangeError(`resampler filter: need 0 < passband < stopband and attenuation > 0 (${passHz} Hz, ${stopHz} Hz, ${attenuation} dB)`);
  }
  const key = `${fromRate}/${toRate}/${passHz}/${stopHz}/${attenuation}`;
  const known = designs.get(key);
  if (known) return known;
  // Kaiser's design formulas: length from attenuation and transition width (relative to the input rate).
  const transition = (2 * Math.PI * (stopHz - passHz)) / fromRate;
  const length = Math.ceil((attenuation - 7.95) / (2.285 * transition)) + 1;
  const beta = attenuation > 50 ? 0.1102 * (attenuation - 8.7) : 0.5842 * (attenuation - 21) ** 0.4 + 0.07886 * (attenuation - 21);
  // H even, so 2H is a multiple of 4 and the dot product in emit() runs four taps a step (a slightly longer window
  // when Kaiser's length is not: a little more attenuation, never less).
  const H = Math.max(2, 2 * Math.ceil(length / 4));
  const cutoff = (passHz + stopHz) / fromRate; // = 2·fc/fs: sinc argument scale
  const i0Beta = besselI0(beta);
  const taps = new Float64Array(up * 2 * H);
  for (let p = 0; p < up; p++) {
    let sum = 0;
    for (let k = 0; k < 2 * H; k++) {
      const tau = k - H + 1 - p / up; // distance (input samples) from tap to output instant
      const x = cutoff * tau;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const r = tau / H;
      const window = Math.abs(r) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta;
      const h = cutoff * sinc * window;
      taps[p * 2 * H + k] = h;
      sum += h;
    }
    // Unity gain at DC for every phase, so a constant stays exactly constant.
    for (let k = 0; k < 2 * H; k++) taps[p * 2 * H + k] = taps[p * 2 * H + k]! / sum;
  }
  const design = { halfTaps: H, taps };
  if (designs.size >= MAX_DESIGNS) designs.delete(designs.keys().next().value!);
  designs.set(key, design);
  return design;
}

export class Resampler {
  readonly up: number; // L
  readonly down: number; // M
  private readonly halfTaps: number; // H: taps on each side of the output instant
  private readonly taps: Float64Array; // shared with other Resamplers of the same design: never written
  // Float64 like the taps (measured ~10 % faster than Float32 in emit's loop).
  private buffer = new Float64Array(4096);
  private length: number; // valid samples in buffer
  private base: number; // absolute input index of buffer[0]
  private index = 0; // integer input index of the next output
  private phase = 0; // fractional part of the next output's position, in 1/L
  private inputCount = 0;
  private outputCount = 0;

  constructor(
    readonly fromRate: number,
    readonly toRate = 8000,
    options: ResamplerOptions = {},
  ) {
    if (!Number.isInteger(fromRate) || !Number.isInteger(toRate) || fromRate <= 0 || toRate <= 0) {
      throw new RangeError(`resampling ${fromRate} Hz to ${toRate} Hz: rates must be positive integers`);
    }
    const g = gcd(fromRate, toRate);
    this.up = toRate / g;
    this.down = fromRate / g;
    const { halfTaps, taps } = filterDesign(fromRate, toRate, this.up, options);
    this.halfTaps = halfTaps;
    this.taps = taps;
    // Samples before the first input are silence: start with H − 1 zeros of history.
    this.length = halfTaps - 1;
    this.base = -(halfTaps - 1);
  }

  /** Taps per output sample (cost of one output). */
  get tapCount(): number {
    return 2 * this.halfTaps;
  }

  /** Feeds consecutive input; returns every output sample whose input window is now complete. */
  process(input: Float32Array): Float32Array {
    this.append(input);
    this.inputCount += input.length;
    return this.emit(Infinity);
  }

  /** Ends the stream: pads with silence and returns the remaining outputs (total length ceil(n·L/M)). */
  flush(): Float32Array {
    this.append(new Float32Array(this.halfTaps + 1));
    const total = Math.ceil((this.inputCount * this.up) / this.down);
    return this.emit(total - this.outputCount);
  }

  private append(input: Float32Array): void {
    if (this.length + input.length > this.buffer.length) {
      const bigger = new Float64Array(Math.max(this.buffer.length * 2, this.length + input.length));
      bigger.set(this.buffer.subarray(0, this.length));
      this.buffer = bigger;
    }
    this.buffer.set(input, this.length);
    this.length += input.length;
  }

  private emit(limit: number): Float32Array {
    const H = this.halfTaps;
    const T = 2 * H;
    const lastAvailable = this.base + this.length - 1;
    const count = Math.max(0, Math.min(limit, this.available(lastAvailable)));
    const out = new Float32Array(count);
    const { buffer, taps, up, down } = this;
    // The hot loop: locals only, four independent sums (one sum is bound by the latency of each addition, not by
    // the loads), and the input window moved by whole samples as the phase wraps.
    let phase = this.phase;
    let start = this.index - H + 1 - this.base; // buffer position of the first tap
    for (let n = 0; n < count; n++) {
      let t = phase * T;
      const end = t + T;
      let s = start;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (; t < end; t += 4, s += 4) {
        a0 += buffer[s]! * taps[t]!;
        a1 += buffer[s + 1]! * taps[t + 1]!;
        a2 += buffer[s + 2]! * taps[t + 2]!;
        a3 += buffer[s + 3]! * taps[t + 3]!;
      }
      out[n] = a0 + a1 + (a2 + a3);
      phase += down;
      const step = Math.floor(phase / up);
      start += step;
      phase -= step * up;
    }
    this.phase = phase;
    this.index = start + H - 1 + this.base;
    this.outputCount += count;
    // Drop history no future output can reach.
    const keepFrom = start;
    if (keepFrom > 0) {
      buffer.copyWithin(0, keepFrom, this.length);
      this.length -= keepFrom;
      this.base += keepFrom;
    }
    return out;
  }

  /** Outputs computable now: those whose last tap (index + H) is at or before `lastAvailable`. */
  private available(lastAvailable: number): number {
    const maxIndex = lastAvailable - this.halfTaps; // largest input index an output may sit on
    if (maxIndex < this.index) return 0;
    // Outputs n ≥ 0 from now sit at index + floor((phase + n·M) / L); count those ≤ maxIndex.
    return Math.floor(((maxIndex - this.index + 1) * this.up - this.phase - 1) / this.down) + 1;
  }
}

/** Resamples a whole signal. Returns a copy when the rates are equal. */
export function resample(samples: Float32Array, fromRate: number, toRate = 8000, options?: ResamplerOptions): Float32Array {
  if (fromRate === toRate) return samples.slice();
  const r = new Resampler(fromRate, toRate, options);
  const head = r.process(samples);
  const tail = r.flush();
  const out = new Float32Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}

/** Resamples whole 16-bit PCM (what speech engines produce), clipping at full scale. Returns the input when the rates are equal. */
export function resamplePcm16(samples: Int16Array, fromRate: number, toRate: number, options?: ResamplerOptions): Int16Array {
  if (fromRate === toRate) return samples;
  const floats = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) floats[i] = samples[i]! / 32768;
  const converted = resample(floats, fromRate, toRate, options);
  const out = new Int16Array(converted.length);
  for (let i = 0; i < converted.length; i++) {
    const v = Math.round(converted[i]! * 32768);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}
