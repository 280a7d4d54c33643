/**
 * Tones generated as they play (no buffer): ringback, beeps, any {@link ToneSpec}. Phase-continuous across frames,
 * nothing allocated per frame. Endless unless given a duration; `rewind()` restarts the cadence at its first burst.
 */
import { FRAME_SAMPLES, SAMPLE_RATE } from '../audio-frame.js';
import { TONES, ToneGenerator } from '../audio/tone-generator.js';
import type { ToneSpec } from '../audio/tone-generator.js';
import type { RewindableSource } from './source-kinds.js';

export interface ToneSourceOptions {
  /** Ends after this long (the last frame padded with silence). Default: endless. */
  readonly durationMs?: number;
}

export class ToneSource implements RewindableSource {
  private readonly generator: ToneGenerator;
  private readonly totalSamples: number;
  private played = 0;

  constructor(
    readonly spec: ToneSpec,
    options: ToneSourceOptions = {},
  ) {
    this.generator = new ToneGenerator(spec, SAMPLE_RATE);
    const d = options.durationMs;
    this.totalSamples = d === undefined || !Number.isFinite(d) ? Infinity : Math.max(0, Math.round((d * SAMPLE_RATE) / 1000));
  }

  read(out: Int16Array): boolean {
    const left = this.totalSamples - this.played;
    if (left <= 0) {
      out.fill(0, 0, FRAME_SAMPLES);
      return false;
    }
    const n = left < FRAME_SAMPLES ? left : FRAME_SAMPLES;
    this.generator.fill(out, n);
    if (n < FRAME_SAMPLES) out.fill(0, n, FRAME_SAMPLES);
    this.played += n;
    return true;
  }

  rewind(): void {
    this.generator.reset();
    this.played = 0;
  }
}

export type RingbackRegion = 'europe' | 'north-america';

/** Ringback while an operator's phone rings: Europe 425 Hz 1 s on / 4 s off; North America 440+480 Hz 2 s / 4 s. */
export function ringbackSource(region: RingbackRegion = 'europe', options: ToneSourceOptions = {}): ToneSource {
  return new ToneSource(region === 'europe' ? TONES.ringbackEurope : TONES.ringbackNorthAmerica, options);
}

/** A 1 kHz beep (default 200 ms), e.g. before recording or as a position-change cue. */
export function beepSource(durationMs = 200, frequencyHz = 1000): ToneSource {
  return new ToneSource({ ...TONES.beep, frequencies: [frequencyHz] }, { durationMs });
}
