/**
 * Synthesized speech (16-bit at the engine's rate) → 8 kHz, once per phrase. Speech already at 8 kHz (the server
 * asks espeak for it, and espeak's worker resamples) is used as it is.
 *
 * Queue prompts repeat, and the TTS cache hands back the very same `Int16Array` for a repeated phrase; a WeakMap
 * keyed by that array remembers its 8 kHz version for as long as the TTS cache keeps the phrase, so "you are number
 * 3" is resampled once, not once per caller. Concurrent requests share one conversion. The conversion runs in slices
 * (`toPcm8kSliced`), so a long phrase never stalls the media clock.
 */
import type { SynthesizedAudio } from '../../tts/index.js';
import { SAMPLE_RATE } from '../audio-frame.js';
import type { Yielder } from './pcm8k-accumulator.js';
import { toPcm8kSliced } from './pcm8k-accumulator.js';

export class SpeechConverter {
  private readonly converted = new WeakMap<Int16Array, Promise<Int16Array>>();

  constructor(private readonly yieldFn?: Yielder) {}

  to8k(audio: SynthesizedAudio): Promise<Int16Array> {
    // Already 8 kHz (the server asks espeak for it): the joined samples as they are, no second join or copy.
    if (audio.sampleRate === SAMPLE_RATE) return Promise.resolve(audio.samples);
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
    const pause = Math.round(SAMPLE_RATE * sentences.pauseSeconds);
    const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0) + pause * Math.max(0, parts.length - 1));
    let offset = 0;
    parts.forEach((p, i) => {
      out.set(p, offset);
      offset += p.length + (i < parts.length - 1 ? pause : 0);
    });
    return out;
  }
}
