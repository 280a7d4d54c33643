/**
 * From a file's bytes to what a leg plays: 8 kHz, mono, 16-bit PCM. WAV in any layout `readWav` accepts, resampled
 * with the anti-aliased `Resampler`, converted to 16 bits once at the end.
 */
import { floatToInt16 } from './pcm.js';
import { resample } from '../../lib/resampler.js';
import { readWav } from './wav-reader.js';

export const PLAYBACK_RATE = 8000;

/** Mono float samples at `sampleRate` to 8 kHz 16-bit PCM. */
export function toPcm8k(samples: Float32Array, sampleRate: number): Int16Array {
  return floatToInt16(resample(samples, sampleRate, PLAYBACK_RATE));
}

/** A WAV file to 8 kHz 16-bit mono PCM. Throws `WavError` for files it cannot read. */
export function wavToPcm8k(bytes: Uint8Array): Int16Array {
  const audio = readWav(bytes);
  return toPcm8k(audio.samples, audio.sampleRate);
}
