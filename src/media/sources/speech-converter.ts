/**
 * Synthesized speech (16-bit at the engine's rate, 22,050 Hz for espeak-ng) → 8 kHz, once per phrase.
 *
 * Queue prompts repeat, and the TTS cache hands back the very same `Int16Array` for a repeated phrase; a WeakMap
 * keyed by that array remembers its 8 kHz version for as long as the TTS cache keeps the phrase, so "you are number
 * 3" is resampled once, not once per caller. Concurrent requests share one conversion. The conversion runs in slices
 * (`toPcm8kSliced`), so a long phrase never stalls the media clock.
 */
import type { SynthesizedAudio } from '../../tts/index.js';
import type { Yielder } from './pcm8k-accumulator.js';
import { toPcm8kSliced } from './pcm8k-accumulator.js';

export class SpeechConverter {
  private readonly converted = new WeakMap<Int16Array, Promise<Int16Array>>();

  constructor(private readonly yieldFn?: Yielder) {}

  to8k(audio: SynthesizedAudio): Promise<Int16Array> {
    let pcm = this.converted.get(audio.samples);
    if (!pcm) {
      pcm = toPcm8kSliced(audio.samples, audio.sampleRate, this.yieldFn ? { yieldFn: this.yieldFn } : {});
      this.converted.set(audio.samples, pcm);
      pcm.catch(() => this.converted.delete(audio.samples));
    }
    return pcm;
  }
}
