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
      // Sentences joined by SentenceTts: each sentence is converted (once, then remembered like any phrase) and the
      // 8 kHz sentences are joined here, so a new announcement made of known sentences costs a copy, not a resample.
      pcm = audio.sentences ? this.joinSentences(audio.sentences) : toPcm8kSliced(audio.samples, audio.sampleRate, this.yieldFn ? { yieldFn: this.yieldFn } : {});
      this.converted.set(audio.samples, pcm);
      pcm.catch(() => this.converted.delete(audio.samples));
    }
    return pcm;
  }

  private async joinSentences(sentences: NonNullable<SynthesizedAudio['sentences']>): Promise<Int16Array> {
    const parts = await Promise.all(sentences.parts.map((p) => this.to8k(p)));
    const pause = Math.round(8000 * sentences.pauseSeconds);
    const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0) + pause * Math.max(0, parts.length - 1));
    let offset = 0;
    parts.forEach((p, i) => {
      out.set(p, offset);
      offset += p.length + (i < parts.length - 1 ? pause : 0);
    });
    return out;
  }
}
