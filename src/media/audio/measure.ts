/**
 * Measurements that tell audio from silence and speech from tones, for tests that listen to what a peer received
 * ("speech-like: energy in the voice band, not silence") and for diagnostics. All take 16-bit PCM or floats.
 */
import { powerSpectrum } from './fft.js';

/** Root mean square, in the units of the samples. */
export function rms(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / samples.length);
}

/** RMS of 16-bit PCM in dB relative to full scale (−Infinity for digital silence). */
export function rmsDbfs(pcm: Int16Array): number {
  const value = rms(pcm);
  return value > 0 ? 20 * Math.log10(value / 32768) : -Infinity;
}

/** Fraction of adjacent sample pairs whose sign differs (0..1). Voiced speech ≈ 0.02-0.1, white noise ≈ 0.5. */
export function zeroCrossingRate(samples: ArrayLike<number>): number {
  if (samples.length < 2) return 0;
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) {
    if (samples[i - 1]! >= 0 !== samples[i]! >= 0) crossings++;
  }
  return crossings / (samples.length - 1);
}

/** Zero crossings per second: about twice the frequency of a pure tone. */
export function zeroCrossingsPerSecond(samples: ArrayLike<number>, sampleRate: number): number {
  return zeroCrossingRate(samples) * sampleRate;
}

/** Power in `[lowHz, highHz]` (from an averaged, Hann-windowed spectrum), in squared sample units, summed over bins. */
export function bandPower(samples: ArrayLike<number>, sampleRate: number, lowHz: number, highHz: number, size = 1024): number {
  const bins = powerSpectrum(samples, size);
  const hz = sampleRate / size;
  let sum = 0;
  for (let k = Math.max(0, Math.ceil(lowHz / hz)); k <= Math.min(bins.length - 1, Math.floor(highHz / hz)); k++) {
    sum += bins[k]!;
  }
  return sum;
}

/** Share (0..1) of the total power that lies in `[lowHz, highHz]`. Speech puts most of it in 300-3400 Hz. */
export function bandEnergyRatio(samples: ArrayLike<number>, sampleRate: number, lowHz: number, highHz: number, size = 1024): number {
  const total = bandPower(samples, sampleRate, 0, sampleRate / 2, size);
  return total > 0 ? bandPower(samples, sampleRate, lowHz, highHz, size) / total : 0;
}

/** The frequency (Hz) of the strongest spectrum bin, refined by parabolic interpolation between neighbours. */
export function dominantFrequency(samples: ArrayLike<number>, sampleRate: number, size = 4096): number {
  const bins = powerSpectrum(samples, size);
  let best = 1;
  for (let k = 2; k < bins.length - 1; k++) if (bins[k]! > bins[best]!) best = k;
  const a = Math.log(bins[best - 1]! + 1e-30);
  const b = Math.log(bins[best]! + 1e-30);
  const c = Math.log(bins[best + 1]! + 1e-30);
  const shift = (a - c) / (2 * (a - 2 * b + c));
  return ((best + (Number.isFinite(shift) ? shift : 0)) * sampleRate) / size;
}
