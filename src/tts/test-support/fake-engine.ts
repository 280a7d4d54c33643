/**
 * A scriptable TtsEngine for cache and service tests: deterministic "audio" derived from the text, a call log, and
 * optional delay and failures. It honours the AbortSignal like a real engine.
 */
import type { SynthesizedAudio, TtsEngine, VoiceId } from '../tts-engine.js';
import { abortError, TtsError } from '../tts-error.js';

export interface FakeCall {
  readonly text: string;
  readonly voice: VoiceId;
  readonly signal: AbortSignal | undefined;
}

export class FakeEngine implements TtsEngine {
  readonly calls: FakeCall[] = [];
  /** Milliseconds each synthesis takes. */
  delayMs = 0;
  /** Fail the next N calls with 'engine-failed'. */
  failNext = 0;
  closed = false;

  constructor(
    readonly id = 'fake',
    readonly sampleRate = 8000,
  ) {}

  async synthesize(text: string, voice: VoiceId, signal?: AbortSignal): Promise<SynthesizedAudio> {
    this.calls.push({ text, voice, signal });
    if (this.delayMs > 0) {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, this.delayMs);
        signal?.addEventListener('abort', () => {
          clearTimeout(t);
          reject(abortError(signal));
        });
      });
    }
    if (this.failNext > 0) {
      this.failNext--;
      throw new TtsError('engine-failed', 'fake engine failure');
    }
    return { sampleRate: this.sampleRate, samples: FakeEngine.audioFor(`${voice}|${text}`) };
  }

  /** The samples the fake produces for a string: 100 per character, varying with the character codes. */
  static audioFor(s: string): Int16Array {
    const out = new Int16Array(s.length * 100);
    for (let i = 0; i < out.length; i++) out[i] = ((s.charCodeAt(Math.floor(i / 100)) * 131 + i) % 2000) - 1000;
    return out;
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
