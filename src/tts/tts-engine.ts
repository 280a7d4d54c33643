/**
 * The one interface every speech engine implements (espeak-ng WASM, an external command, a cache around either).
 *
 * Engines return 16-bit mono PCM at the engine's native rate, stated in the result. Resampling to the 8 kHz of G.711
 * belongs to the media layer, not here.
 */

/**
 * An engine-level voice name, already resolved (for espeak: `ru`, `en-us+f3`; for a Piper command: a model name).
 * Scenario-level inputs (`Language.RU_RUSSIAN_FEMALE`, `{language: 'ru-RU'}`, VoiceList ids) become a VoiceId through
 * {@link VoiceResolver}.
 */
export type VoiceId = string;

/** Synthesized speech: mono, signed 16-bit samples at `sampleRate` Hz. Treat `samples` as read-only: caches share it. */
export interface SynthesizedAudio {
  readonly sampleRate: number;
  readonly samples: Int16Array;
  /**
   * Set when `samples` are sentences joined with pauses (`SentenceTts`): the sentences as the cache returned them and
   * the pause, so a consumer that converts audio (the media layer's resampler) converts each sentence once and joins
   * the results itself, instead of converting every new combination of known sentences.
   */
  readonly sentences?: { readonly parts: readonly SynthesizedAudio[]; readonly pauseSeconds: number };
}

export interface TtsEngine {
  /** Names the engine and its configuration for cache keys: two engines with the same id must produce the same audio. */
  readonly id: string;
  /**
   * Speaks `text` with `voice`. Rejects only with {@link TtsError}. When `signal` aborts, the promise rejects at once
   * with reason `aborted` (the engine may finish the work in the background and drop it).
   */
  synthesize(text: string, voice: VoiceId, signal?: AbortSignal): Promise<SynthesizedAudio>;
  /** Releases workers, child processes and files. Later calls to `synthesize` reject with `engine-failed`. */
  close(): Promise<void>;
}

/** Duration of synthesized audio in seconds. */
export function durationSeconds(audio: SynthesizedAudio): number {
  return audio.sampleRate > 0 ? audio.samples.length / audio.sampleRate : 0;
}
