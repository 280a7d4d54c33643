import { describe, expect, it } from 'vitest';
import { createTts, tableCatalog } from './create-tts.js';
import { EspeakEngine } from './espeak-engine.js';
import { espeakCatalog } from './espeak-voices.js';
import { Language } from './language.js';
import { SentenceTts } from './sentence-tts.js';
import { FakeEngine } from './test-support/fake-engine.js';
import { TtsError } from './tts-error.js';
import { TtsService } from './tts-service.js';
import { VoiceList } from './voice-list.js';
import { VoiceResolver } from './voice-resolver.js';

describe('TtsService', () => {
  it('resolves the scenario voice, then asks the engine', async () => {
    const engine = new FakeEngine();
    const tts = new TtsService(engine, new VoiceResolver({ catalog: espeakCatalog }));
    await tts.synthesize('Вы пятый в очереди', Language.RU_RUSSIAN_FEMALE);
    await tts.synthesize('You are fifth', { language: Language.US_ENGLISH_MALE });
    await tts.synthesize('You are fifth', { voice: VoiceList.Default.en_GB_Female });
    await tts.synthesize('Sie sind Fünfter', 'de-DE');
    expect(engine.calls.map((c) => c.voice)).toEqual(['ru+f3', 'en-us+m3', 'en-gb+f3', 'de']);
  });

  it('rejects an unknown voice without calling the engine', async () => {
    const engine = new FakeEngine();
    const tts = new TtsService(engine, new VoiceResolver({ catalog: espeakCatalog }));
    await expect(tts.synthesize('x', 'NOT_A_VOICE')).rejects.toBeInstanceOf(TtsError);
    await expect(tts.synthesize('x', 'NOT_A_VOICE')).rejects.toMatchObject({ reason: 'unknown-voice' });
    expect(engine.calls).toHaveLength(0);
  });
});

describe('createTts', () => {
  it('builds espeak-ng WASM behind a cache of sentences, with the configured voice overrides', async () => {
    const tts = createTts({ voices: { ru: 'ru-cl', default: 'ru+f3' } });
    expect(tts.engine).toBeInstanceOf(SentenceTts);
    expect(tts.engine.id).toBe(new EspeakEngine().id);
    expect(tts.voices.resolve(Language.RU_RUSSIAN_MALE)).toBe('ru-cl');
    expect(tts.voices.resolve(undefined)).toBe('ru+f3');
    await tts.close();
  });

  it('accepts the config section as loadConfig gives it ({engine: "espeak", voices: {}})', async () => {
    const tts = createTts({ engine: 'espeak', voices: {} });
    expect(tts.voices.resolve(Language.UK_ENGLISH_FEMALE)).toBe('en-gb+f3');
    await tts.close();
  });

  it('builds a command engine with its own locale table (e.g. Piper models)', async () => {
    const tts = createTts({
      engine: 'command',
      command: { command: '/opt/piper/piper', args: ['--model', '{voice}', '--output_file', '{out}'] },
      commandVoices: { ru: '/opt/piper/ru_RU-irina-medium.onnx', 'en-US': '/opt/piper/en_US-amy-medium.onnx' },
      cache: false,
    });
    expect(tts.voices.resolve(Language.RU_RUSSIAN_FEMALE)).toBe('/opt/piper/ru_RU-irina-medium.onnx');
    expect(tts.voices.resolve({ language: 'en-us' })).toBe('/opt/piper/en_US-amy-medium.onnx');
    expect(() => tts.voices.resolve(Language.EUR_GERMAN_FEMALE)).toThrow(TtsError);
    await tts.close();
  });

  it('refuses engine "command" without a command', () => {
    expect(() => createTts({ engine: 'command' })).toThrow(/tts.command/);
  });

  it('speaks end to end: Language value → espeak-ng WASM → cache hit', async () => {
    const tts = createTts({ engine: 'espeak' });
    const a = await tts.synthesize('Оператор ответит вам', Language.RU_RUSSIAN_FEMALE);
    const b = await tts.synthesize('Оператор ответит вам', Language.RU_RUSSIAN_FEMALE);
    expect(b.samples).toBe(a.samples);
    expect(a.samples.length / a.sampleRate).toBeGreaterThan(0.5);
    await tts.close();
  }, 60_000);
});

describe('tableCatalog', () => {
  it('maps locales with language fallback and accepts its voices verbatim', () => {
    const c = tableCatalog({ ru_RU: 'irina', en: 'amy' });
    expect(c.voiceFor('ru-ru')).toBe('irina');
    expect(c.voiceFor('en-gb')).toBe('amy');
    expect(c.voiceFor('de-de')).toBeUndefined();
    expect(c.isEngineVoice('amy')).toBe(true);
    expect(c.isEngineVoice('bob')).toBe(false);
  });
});
