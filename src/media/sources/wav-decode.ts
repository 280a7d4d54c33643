/**
 * A WAV file's bytes → 8 kHz 16-bit mono PCM, off the media path: `readWav` parses the whole file (any layout it
 * accepts: PCM 8–32 bit, float, G.711, extensible, any rate and channel count), then the resampling runs in slices.
 */
import { readWav } from '../audio/wav-reader.js';
import { WavError } from '../audio/wav-error.js';
import { AudioLoadError } from './audio-load-error.js';
import type { SliceOptions } from './pcm8k-accumulator.js';
import { toPcm8kSliced } from './pcm8k-accumulator.js';
import { PcmSource } from './pcm-source.js';
import type { PcmSourceOptions } from './pcm-source.js';

/** Throws AudioLoadError: `unsupported-format` (not RIFF/WAVE, or a variant we do not read), `decode-failed`. */
export async function decodeWav(bytes: Uint8Array, options: SliceOptions = {}): Promise<Int16Array> {
  let audio;
  try {
    audio = readWav(bytes);
  } catch (e) {
    if (!(e instanceof WavError)) throw e;
    const reason = e.reason === 'not-riff' || e.reason === 'unsupported' ? 'unsupported-format' : 'decode-failed';
    throw new AudioLoadError(reason, `WAV: ${e.message}`, { cause: e });
  }
  if (audio.samples.length === 0) throw new AudioLoadError('decode-failed', 'WAV: the data chunk holds no samples');
  return toPcm8kSliced(audio.samples, audio.sampleRate, options);
}

/** A WAV file as a ready {@link PcmSource}. */
export async function wavSource(bytes: Uint8Array, options: PcmSourceOptions & SliceOptions = {}): Promise<PcmSource> {
  return new PcmSource(await decodeWav(bytes, options), options);
}
