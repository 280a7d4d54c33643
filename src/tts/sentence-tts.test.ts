import { describe, expect, it } from 'vitest';
import { SentenceTts, splitSentences } from './sentence-tts.js';
import type { SynthesizedAudio, TtsEngine } from './tts-engine.js';

/** An engine that "speaks" each character as one sample (its char code), and records what it was asked. */
class RecordingEngine implements TtsEngine {
  readonly id = 'recording';
  readonly asked: string[] = [];
  synthesize(text: string): Promise<SynthesizedAudio> {
    this.asked.push(text);
    return Promise.resolve({ sampleRate: 8000, samples: Int16Array.from([...text].map((c) => c.charCodeAt(0))) });
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

describe('splitSentences', () => {
  it('splits after . ! ? … (with a closing quote) and keeps the words', () => {
    expect(splitSentences('You are number 3 in the queue. An operator will answer in less than 4 minutes! Press #?')).toEqual([
      'You are number 3 in the queue.',
      'An operator will answer in less than 4 minutes!',
      'Press #?',
    ]);
    expect(splitSentences('Ваш номер в очереди: 3. Оператор ответит менее чем через 5 минут.')).toEqual(['Ваш номер в очереди: 3.', 'Оператор ответит менее чем через 5 минут.']);
    expect(splitSentences('He said "wait." Then… nothing')).toEqual(['He said "wait."', 'Then…', 'nothing']);
    expect(splitSentences('3.5 minutes, no split inside numbers')).toEqual(['3.5 minutes, no split inside numbers']);
    expect(splitSentences('   ')).toEqual([]);
  });
});

describe('SentenceTts', () => {
  it('asks the engine below for each sentence and joins them with a 250 ms pause', async () => {
    const engine = new RecordingEngine();
    const tts = new SentenceTts(engine);
    const audio = await tts.synthesize('Ab. Cd.', 'en');
    expect(engine.asked).toEqual(['Ab.', 'Cd.']);
    expect(audio.sampleRate).toBe(8000);
    expect(audio.samples.length).toBe(3 + 2000 + 3);
    expect([...audio.samples.subarray(0, 3)]).toEqual([65, 98, 46]);
    expect(audio.samples.subarray(3, 2003).every((v) => v === 0)).toBe(true);
    expect([...audio.samples.subarray(2003)]).toEqual([67, 100, 46]);
  });

  it('returns the same joined audio object for a repeated text whose sentences came back unchanged', async () => {
    const cache = new Map<string, SynthesizedAudio>();
    const engine = new RecordingEngine();
    const cached: TtsEngine = {
      id: 'cached',
      synthesize: async (text) => {
        const hit = cache.get(text);
        if (hit) return hit;
        const audio = await engine.synthesize(text);
        cache.set(text, audio);
        return audio;
      },
      close: () => Promise.resolve(),
    };
    const tts = new SentenceTts(cached);
    const first = await tts.synthesize('Ab. Cd.', 'en');
    expect(await tts.synthesize('Ab. Cd.', 'en')).toBe(first);
    expect(await tts.synthesize('Ab. Cd.', 'ru')).not.toBe(first);
    cache.delete('Cd.'); // the cache below forgot a sentence: a new array, a new join
    const again = await tts.synthesize('Ab. Cd.', 'en');
    expect(again).not.toBe(first);
    expect([...again.samples]).toEqual([...first.samples]);
  });

  it('passes a single sentence through untouched', async () => {
    const engine = new RecordingEngine();
    await new SentenceTts(engine).synthesize('Just one', 'en');
    expect(engine.asked).toEqual(['Just one']);
  });

  it('stops between sentences when aborted', async () => {
    const engine = new RecordingEngine();
    const abort = new AbortController();
    const tts = new SentenceTts({
      id: 'x',
      synthesize: (text) => {
        abort.abort();
        return engine.synthesize(text);
      },
      close: () => Promise.resolve(),
    });
    await expect(tts.synthesize('One. Two.', 'en', abort.signal)).rejects.toMatchObject({ reason: 'aborted' });
    expect(engine.asked).toEqual(['One.']);
  });
});
