/**
 * `say(text, voice)` as a source: the phrase is synthesized by the injected TTS service (off the main thread, in
 * its worker pool), converted to 8 kHz once (`SpeechConverter`), then played. The leg hears silence meanwhile.
 * A synthesis failure ends the source; `error` holds the TtsError (unknown-voice, timeout, engine-failed, ...).
 * `dispose()` aborts the synthesis (the TTS cache keeps it going only for other callers still waiting for it).
 */
import type { SynthesizedAudio, VoiceInput } from '../../tts/index.js';
import { TtsError } from '../../tts/index.js';
import { DeferredPcmSource } from './deferred-pcm-source.js';
import type { DeferredPcmSourceOptions } from './deferred-pcm-source.js';
import type { SourceFailure } from './source-kinds.js';
import { SpeechConverter } from './speech-converter.js';

/** What the source needs of `TtsService`. */
export interface SpeechSynthesizer {
  synthesize(text: string, voice: VoiceInput, signal?: AbortSignal): Promise<SynthesizedAudio>;
}

export interface TtsSourceOptions extends DeferredPcmSourceOptions {
  /** Share one converter between sources so repeated phrases are resampled once. */
  readonly converter?: SpeechConverter;
}

export class TtsSource extends DeferredPcmSource {
  constructor(
    tts: SpeechSynthesizer,
    readonly text: string,
    readonly voice: VoiceInput,
    options: TtsSourceOptions = {},
  ) {
    const converter = options.converter ?? new SpeechConverter();
    super(async (signal) => {
      const audio = await tts.synthesize(text, voice, signal);
      if (audio.samples.length === 0 && text.trim() !== '') throw new TtsError('engine-failed', 'the engine returned no audio');
      return converter.to8k(audio);
    }, options);
  }

  protected classify(error: unknown): SourceFailure {
    if (error instanceof TtsError) return error;
    return new TtsError('engine-failed', error instanceof Error ? error.message : String(error), { cause: error });
  }

  protected abortReason(): unknown {
    return new TtsError('aborted', 'speech stopped before it was ready');
  }
}
