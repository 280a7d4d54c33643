/**
 * What the telephony layer holds: scenario voice in, audio out. Resolves the scenario's voice (a `Language` value,
 * `{language}`, `{voice}`, a VoiceList id, ...), then asks the (cached) engine.
 */
import type { SynthesizedAudio, TtsEngine, VoiceId } from './tts-engine.js';
import type { VoiceInput, VoiceResolver } from './voice-resolver.js';

export class TtsService {
  constructor(
    readonly engine: TtsEngine,
    readonly voices: VoiceResolver,
  ) {}

  /** `call.say(text, voice)`: speaks `text`. Rejects only with TtsError. */
  async synthesize(text: string, voice: VoiceInput, signal?: AbortSignal): Promise<SynthesizedAudio> {
    const resolved: VoiceId = this.voices.resolve(voice);
    return await this.engine.synthesize(text, resolved, signal);
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}
