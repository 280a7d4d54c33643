/**
 * Tiny signal measures that tell speech from silence, tones and noise, for tests of TTS output.
 *
 * Telephone speech puts most of its energy between 300 and 3400 Hz, alternates voiced frames with short pauses, and
 * crosses zero a few hundred to a few thousand times a second. Silence has no energy; a pure tone has all its energy at
 * one frequency and never pauses; white noise at 22 kHz puts most energy above 3400 Hz.
 */
import { fft } from '../../media/audio/fft.js';
import type { SynthesizedAudio } from '../tts-engine.js';

/** Root mean square relative to full scale (0 = silence, 1 = full-scale square wave). */
export function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length) / 32768;
}

/** Sign changes per second. */
export function zeroCrossingRate(samples: Int16Array, sampleRate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) if (samples[i - 1]! < 0 !== samples[i]! < 0) crossings++;
  return samples.length > 1 ? (crossings * sampleRate) / samples.length : 0;
}

/** Fraction of the signal's energy between `lowHz` and `highHz`, from Hann-windowed 1024-point FFT frames. */
export function bandEnergyFraction(samples: Int16Array, sampleRate: number, lowHz = 300, highHz = 3400): number {
  const n = 1024;
  let inBand = 0;
  let total = 0;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let start = 0; start + n <= samples.length; start += n) {
    for (let i = 0; i < n; i++) {
      re[i] = samples[start + i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)));
      im[i] = 0;
    }
    fft(re, im);
    for (let k = 1; k < n / 2; k++) {
      const e = re[k]! * re[k]! + im[k]! * im[k]!;
      const hz = (k * sampleRate) / n;
      total += e;
      if (hz >= lowHz && hz <= highHz) inBand += e;
    }
  }
  return total > 0 ? inBand / total : 0;
}

/** Fraction of 20 ms frames louder than `threshold` (relative RMS): speech is mostly but not entirely active. */
export function activeFraction(samples: Int16Array, sampleRate: number, threshold = 0.01): number {
  const frame = Math.max(1, Math.round(sampleRate * 0.02));
  let active = 0;
  let frames = 0;
  for (let start = 0; start + frame <= samples.length; start += frame, frames++) {
    if (rms(samples.subarray(start, start + frame)) > threshold) active++;
  }
  return frames > 0 ? active / frames : 0;
}

export interface SpeechReport {
  readonly seconds: number;
  readonly rms: number;
  readonly zcr: number;
  readonly voiceBand: number;
  readonly active: number;
}

/** All measures at once, for one `expect` with a readable diff. */
export function speechReport(audio: SynthesizedAudio): SpeechReport {
  const { samples, sampleRate } = audio;
  return {
    seconds: samples.length / sampleRate,
    rms: rms(samples),
    zcr: zeroCrossingRate(samples, sampleRate),
    voiceBand: bandEnergyFraction(samples, sampleRate),
    active: activeFraction(samples, sampleRate),
  };
}

/** Synthetic signals for checking that the measures themselves discriminate. */
export function tone(hz: number, seconds: number, sampleRate: number, amplitude = 0.5): Int16Array {
  const out = new Int16Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < out.length; i++) out[i] = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * hz * i) / sampleRate));
  return out;
}
