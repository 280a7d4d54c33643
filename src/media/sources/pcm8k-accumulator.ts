/**
 * Decoded audio at any rate in, 8 kHz 16-bit PCM out, one chunk at a time, so a long prompt is converted in slices
 * with the event loop free between them (see {@link yieldToEventLoop}). Resampling a minute of 44.1 kHz audio costs
 * a few hundred milliseconds of CPU; done in one go on the main thread it would stall every call's 20 ms packets.
 */
import { SAMPLE_RATE } from '../audio-frame.js';
import { Resampler } from '../../lib/resampler.js';

/** Input samples converted between two yields (about 0.4 s of 44.1 kHz audio; ≈2 ms of CPU). */
export const SLICE_SAMPLES = 16_384;

/** Lets other work run (RTP ticks of every other call) between two slices of decoding. */
export type Yielder = () => Promise<void>;

export const yieldToEventLoop: Yielder = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Pcm8kAccumulator {
  private readonly resampler: Resampler | undefined;
  private out: Int16Array;
  private length = 0;

  /** `expectedInput` (samples at `fromRate`) sizes the output buffer up front when the length is known. */
  constructor(
    readonly fromRate: number,
    expectedInput = 0,
  ) {
    this.resampler = fromRate === SAMPLE_RATE ? undefined : new Resampler(fromRate, SAMPLE_RATE);
    this.out = new Int16Array(Math.ceil((expectedInput * SAMPLE_RATE) / fromRate) + 1);
  }

  /** Samples produced so far. */
  get produced(): number {
    return this.length;
  }

  /** Feeds consecutive mono samples in −1..1. */
  push(chunk: Float32Array): void {
    this.append(this.resampler ? this.resampler.process(chunk) : chunk);
  }

  /** Ends the stream and returns the whole 8 kHz signal (a view trimmed to its length). */
  finish(): Int16Array {
    if (this.resampler) this.append(this.resampler.flush());
    return this.out.subarray(0, this.length);
  }

  private append(samples: Float32Array): void {
    if (this.length + samples.length > this.out.length) {
      const bigger = new Int16Array(Math.max(this.out.length * 2, this.length + samples.length));
      bigger.set(this.out.subarray(0, this.length));
      this.out = bigger;
    }
    const out = this.out;
    let at = this.length;
    for (let i = 0; i < samples.length; i++) {
      const v = Math.round(samples[i]! * 32768);
      out[at++] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    }
    this.length = at;
  }
}

export interface SliceOptions {
  /** Between two slices; default {@link yieldToEventLoop}. */
  readonly yieldFn?: Yielder;
  /** Called before each slice; throws to stop (an aborted load). */
  readonly checkpoint?: () => void;
}

/** Mono samples (float −1..1, or 16-bit) at `rate` → 8 kHz 16-bit PCM, in slices with a yield between two. */
export async function toPcm8kSliced(samples: Float32Array | Int16Array, rate: number, options: SliceOptions = {}): Promise<Int16Array> {
  const yieldFn = options.yieldFn ?? yieldToEventLoop;
  if (rate === SAMPLE_RATE && samples instanceof Int16Array) return samples;
  const acc = new Pcm8kAccumulator(rate, samples.length);
  const scratch = samples instanceof Int16Array ? new Float32Array(Math.min(SLICE_SAMPLES, samples.length)) : undefined;
  for (let start = 0; start < samples.length; start += SLICE_SAMPLES) {
    options.checkpoint?.();
    const end = Math.min(samples.length, start + SLICE_SAMPLES);
    if (scratch) {
      const view = scratch.subarray(0, end - start);
      for (let i = start; i < end; i++) view[i - start] = samples[i]! / 32768;
      acc.push(view);
    } else {
      acc.push((samples as Float32Array).subarray(start, end));
    }
    if (end < samples.length) await yieldFn();
  }
  options.checkpoint?.();
  return acc.finish();
}
