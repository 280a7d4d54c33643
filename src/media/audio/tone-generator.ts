/**
 * Tones as sums of sines with an on/off cadence: ringback, busy, beeps, DTMF pairs. A `ToneGenerator` fills caller
 * frames one after another with continuous phase, so a 20 ms player can stream a tone for as long as it likes without
 * allocating; `renderTone` returns a finite clip.
 *
 * Levels are per component in dBm0 (0 dBm0 = 3.17 dB below a full-scale sine, the G.711 digital milliwatt).
 * Cadences follow the national plans summarised in ITU-T E.180 Supplement 2 (e.g. 425 Hz 1 s on / 4 s off for the
 * European ringback, 440+480 Hz 2 s / 4 s in North America).
 */
import { dbm0ToAmplitude } from './pcm.js';

export interface ToneSpec {
  /** Component frequencies in Hz, summed. */
  frequencies: readonly number[];
  /** Level of each component in dBm0 (default −13). */
  levelDbm0?: number;
  /** Alternating on/off durations in ms, repeated; absent or empty means continuous. */
  cadenceMs?: readonly number[];
}

export const TONES = {
  /** European ringback (ETSI TR 101 041): 425 Hz, 1 s on, 4 s off. */
  ringbackEurope: { frequencies: [425], levelDbm0: -13, cadenceMs: [1000, 4000] },
  /** North American ringback: 440 + 480 Hz, 2 s on, 4 s off. */
  ringbackNorthAmerica: { frequencies: [440, 480], levelDbm0: -19, cadenceMs: [2000, 4000] },
  /** European busy: 425 Hz, 0.5 s on, 0.5 s off. */
  busyEurope: { frequencies: [425], levelDbm0: -13, cadenceMs: [500, 500] },
  /** A plain 1 kHz beep; render it for as long as the beep should last. */
  beep: { frequencies: [1000], levelDbm0: -10 },
} as const satisfies Record<string, ToneSpec>;

export class ToneGenerator {
  private readonly increments: Float64Array;
  private readonly phases: Float64Array;
  private readonly amplitude: number;
  private readonly cadence: readonly number[];
  private cadenceIndex = 0;
  private samplesLeftInStep: number;

  constructor(
    spec: ToneSpec,
    readonly sampleRate = 8000,
  ) {
    this.increments = Float64Array.from(spec.frequencies, (f) => (2 * Math.PI * f) / sampleRate);
    this.phases = new Float64Array(spec.frequencies.length);
    this.amplitude = dbm0ToAmplitude(spec.levelDbm0 ?? -13);
    this.cadence = (spec.cadenceMs ?? []).map((ms) => Math.round((ms * sampleRate) / 1000));
    this.samplesLeftInStep = this.cadence[0] ?? Infinity;
  }

  /** Writes the next `count` samples into `out` (from index 0). */
  fill(out: Int16Array, count: number = out.length): void {
    const n = this.phases.length;
    for (let i = 0; i < count; i++) {
      while (this.samplesLeftInStep <= 0) {
        this.cadenceIndex = (this.cadenceIndex + 1) % this.cadence.length;
        this.samplesLeftInStep = this.cadence[this.cadenceIndex]!;
        if (this.cadenceIndex % 2 === 0) this.phases.fill(0); // each burst starts at phase 0
      }
      this.samplesLeftInStep--;
      if (this.cadenceIndex % 2 === 1) {
        out[i] = 0;
        continue;
      }
      let v = 0;
      for (let k = 0; k < n; k++) {
        v += Math.sin(this.phases[k]!);
        const next = this.phases[k]! + this.increments[k]!;
        this.phases[k] = next > 2 * Math.PI ? next - 2 * Math.PI : next;
      }
      const s = Math.round(v * this.amplitude);
      out[i] = s > 32767 ? 32767 : s < -32768 ? -32768 : s;
    }
  }

  /** Back to the start of the cadence, phase 0. */
  reset(): void {
    this.phases.fill(0);
    this.cadenceIndex = 0;
    this.samplesLeftInStep = this.cadence[0] ?? Infinity;
  }
}

/** `durationMs` of a tone as a new 16-bit buffer. */
export function renderTone(spec: ToneSpec, durationMs: number, sampleRate = 8000): Int16Array {
  const out = new Int16Array(Math.round((durationMs * sampleRate) / 1000));
  new ToneGenerator(spec, sampleRate).fill(out);
  return out;
}
