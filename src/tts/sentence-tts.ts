/**
 * Speaks a text sentence by sentence, each through the engine below (normally the cache), and joins the audio.
 *
 * Why: queue announcements repeat their sentences across callers ("You are number 3 in the queue." / "An operator
 * will answer in less than 4 minutes." / "Press the hash key ..."), while the whole text is new for most of them. A
 * cache keyed on whole texts misses almost every time and a burst of callers saturates synthesis; keyed on sentences,
 * only the first caller at each position or wait pays, and the constant sentences are made once. Sentences are
 * synthesized one after another (not in parallel), so one caller's announcement never takes more than one slot of
 * the engine's queue at a time.
 *
 * Between sentences it puts a short pause, about what espeak-ng leaves after a full stop, so the joined audio sounds
 * like one utterance.
 */
import type { SynthesizedAudio, TtsEngine, VoiceId } from './tts-engine.js';
import { abortError, TtsError } from './tts-error.js';

/** Silence between sentences, ms. */
const PAUSE_MS = 250;

/**
 * Splits after `.`, `!`, `?` or `…` (and a closing quote or bracket) followed by white space. Abbreviations such as
 * "Mr." split too, which only moves a pause: the words are the same.
 */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…]["'»)\]]?)\s+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Joined texts kept so that a repeated text returns the very same array (the media layer caches its 8 kHz copy by it). */
const JOINED_BYTES = 32 * 2 ** 20;

interface Joined {
  readonly parts: readonly Int16Array[];
  readonly audio: SynthesizedAudio;
}

export class SentenceTts implements TtsEngine {
  readonly id: string;
  /** Insertion order is recency order (LRU); bounded by `JOINED_BYTES` of samples. */
  private readonly joined = new Map<string, Joined>();
  private joinedBytes = 0;

  constructor(private readonly engine: TtsEngine) {
    this.id = engine.id;
  }

  async synthesize(text: string, voice: VoiceId, signal?: AbortSignal): Promise<SynthesizedAudio> {
    const sentences = splitSentences(text);
    if (sentences.length <= 1) return this.engine.synthesize(text, voice, signal);
    const parts: SynthesizedAudio[] = [];
    for (const sentence of sentences) {
      if (signal?.aborted) throw abortError(signal);
      parts.push(await this.engine.synthesize(sentence, voice, signal));
    }
    // The cache below returns the same arrays for the same sentences: then the joined audio is the same too, and is
    // returned as the same object, so the resampled copy the media layer keeps for it is found again.
    const key = `${voice}\u0000${text}`;
    const known = this.joined.get(key);
    if (known && known.parts.length === parts.length && known.parts.every((p, i) => p === parts[i]!.samples)) {
      this.joined.delete(key);
      this.joined.set(key, known);
      return known.audio;
    }
    const sampleRate = parts[0]!.sampleRate;
    if (parts.some((p) => p.sampleRate !== sampleRate)) throw new TtsError('engine-failed', 'sentences came back at different sample rates');
    const pause = Math.round((sampleRate * PAUSE_MS) / 1000);
    const samples = new Int16Array(parts.reduce((n, p) => n + p.samples.length, 0) + pause * (parts.length - 1));
    let offset = 0;
    parts.forEach((p, i) => {
      samples.set(p.samples, offset);
      offset += p.samples.length + (i < parts.length - 1 ? pause : 0);
    });
    const audio: SynthesizedAudio = { sampleRate, samples, sentences: { parts, pauseSeconds: PAUSE_MS / 1000 } };
    this.remember(key, { parts: parts.map((p) => p.samples), audio });
    return audio;
  }

  private remember(key: string, entry: Joined): void {
    const old = this.joined.get(key);
    if (old) {
      this.joined.delete(key);
      this.joinedBytes -= old.audio.samples.byteLength;
    }
    this.joined.set(key, entry);
    this.joinedBytes += entry.audio.samples.byteLength;
    for (const [k, e] of this.joined) {
      if (this.joinedBytes <= JOINED_BYTES) break;
      this.joined.delete(k);
      this.joinedBytes -= e.audio.samples.byteLength;
    }
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}
