import { describe, expect, it } from 'vitest';
import { espeakCatalog, isEspeakVoice } from './espeak-voices.js';
import { Language } from './language.js';
import type { LanguageName } from './language.js';
import { TtsError } from './tts-error.js';
import { VoiceList } from './voice-list.js';
import type { VoiceInput } from './voice-resolver.js';
import { normalizeLanguageTag, VoiceResolver } from './voice-resolver.js';

const espeak = new VoiceResolver({ catalog: espeakCatalog });

function unknown(resolver: VoiceResolver, input: VoiceInput): TtsError {
  try {
    resolver.resolve(input);
  } catch (e) {
    if (e instanceof TtsError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be unknown`);
}

describe('VoiceResolver with the espeak catalog', () => {
  it.each<[LanguageName, string]>([
    ['RU_RUSSIAN_FEMALE', 'ru+f3'],
    ['RU_RUSSIAN_MALE', 'ru+m3'],
    ['US_ENGLISH_FEMALE', 'en-us+f3'],
    ['US_ENGLISH_MALE', 'en-us+m3'],
    ['UK_ENGLISH_FEMALE', 'en-gb+f3'],
    ['UK_ENGLISH_MALE', 'en-gb+m3'],
    ['EUR_GERMAN_FEMALE', 'de+f3'],
    ['EUR_FRENCH_MALE', 'fr-fr+m3'],
    ['EUR_SPANISH_FEMALE', 'es+f3'],
    ['EUR_ITALIAN_MALE', 'it+m3'],
    ['BR_PORTUGUESE_FEMALE', 'pt-br+f3'],
    ['US_SPANISH_MALE', 'es-419+m3'],
    ['AU_ENGLISH_FEMALE', 'en-gb+f3'],
    ['CH_CHINESE_FEMALE', 'cmn+f3'],
    ['HK_CHINESE_FEMALE', 'yue+f3'],
    ['EUR_NORWEGIAN_FEMALE', 'nb+f3'],
  ])('Language.%s → %s', (name, voice) => {
    expect(espeak.resolve(Language[name])).toBe(voice);
    expect(espeak.resolve(name)).toBe(voice); // the constant's name, as some shims pass it
    expect(espeak.resolve({ language: Language[name] })).toBe(voice);
    expect(espeak.resolve({ voice: Language[name] })).toBe(voice);
  });

  it('maps every Language entry and every VoiceList.Default id to a voice espeak-ng has', () => {
    for (const value of Object.values(Language)) expect(isEspeakVoice(espeak.resolve(value)), value).toBe(true);
    for (const id of Object.values(VoiceList.Default)) expect(isEspeakVoice(espeak.resolve(id)), id).toBe(true);
  });

  it('keeps the Language values distinct and lowercase, as VoxEngine scenarios compare them', () => {
    const values = Object.values(Language);
    expect(new Set(values).size).toBe(values.length);
    for (const v of values) expect(v).toMatch(/^[a-z]+$/);
    expect(Language.RU_RUSSIAN_FEMALE).toBe('ruinternalfemale');
    expect(Object.isFrozen(Language)).toBe(true);
  });

  it('reads VoiceList ids of any provider by their locale and gender suffix', () => {
    expect(espeak.resolve(VoiceList.Default.ru_RU_Female)).toBe('ru+f3');
    expect(espeak.resolve(VoiceList.Default.en_US_Male)).toBe('en-us+m3');
    expect(espeak.resolve('VoiceList.Amazon.en_GB_Amy')).toBe('en-gb');
    expect(espeak.resolve('VoiceList.Yandex.Neural.ru_RU_alena')).toBe('ru');
    expect(espeak.resolve('VoiceList.Legacy.Ispeech.cmn_Hans_HK_FEMALE')).toBe('cmn+f3');
    expect(espeak.resolve({ language: 'VoiceList.Google.de_DE_Wavenet_A' })).toBe('de');
  });

  it('accepts plain espeak voices and variants verbatim', () => {
    expect(espeak.resolve('en-us+f3')).toBe('en-us+f3');
    expect(espeak.resolve('ru+m3')).toBe('ru+m3');
    expect(espeak.resolve('en-029')).toBe('en-029');
    expect(espeak.resolve('en-gb-x-rp')).toBe('en-gb-x-rp');
    expect(espeak.resolve({ voice: 'de+klatt' })).toBe('de+klatt');
  });

  it('maps language tags in any case and separator, falling back to the language alone', () => {
    expect(espeak.resolve('ru')).toBe('ru');
    expect(espeak.resolve('ru-RU')).toBe('ru');
    expect(espeak.resolve('en')).toBe('en-us');
    expect(espeak.resolve('en_GB')).toBe('en-gb');
    expect(espeak.resolve('EN-au')).toBe('en-gb');
    expect(espeak.resolve('ru-UA')).toBe('ru');
    expect(espeak.resolve({ language: 'fr-CA' })).toBe('fr-fr');
  });

  it('speaks US English when no voice is given, unless a default is configured', () => {
    expect(espeak.resolve(undefined)).toBe('en-us');
    expect(espeak.resolve(null)).toBe('en-us');
    expect(espeak.resolve('')).toBe('en-us');
    expect(new VoiceResolver({ catalog: espeakCatalog, overrides: { default: 'ru+f3' } }).resolve(undefined)).toBe('ru+f3');
    expect(new VoiceResolver({ catalog: espeakCatalog, defaultVoice: 'de' }).resolve(undefined)).toBe('de');
  });

  it('rejects an unknown voice with unknown-voice and lists what is accepted', () => {
    for (const input of ['klingon', 'RU_RUSSIAN_ROBOT', 'en-us+nosuchvariant', { voice: 42 }, { other: 'x' } as VoiceInput, 'tlh-QO']) {
      const e = unknown(espeak, input);
      expect(e.reason).toBe('unknown-voice');
      expect(e.knownVoices).toContain('RU_RUSSIAN_FEMALE');
      expect(e.knownVoices).toContain('VoiceList.Default.ru_RU_Female');
      expect(e.knownVoices).toContain('en-us');
      expect(e.message).toMatch(/unknown voice/);
    }
  });
});

describe('VoiceResolver overrides (tts.voices in the config)', () => {
  const resolver = new VoiceResolver({
    catalog: espeakCatalog,
    overrides: { ru: 'ru-cl', 'ru-male': 'ru+m7', EN_GB: 'en-gb-x-rp', US_ENGLISH_FEMALE: 'en-us+f5', 'my-brand': 'en-us+Annie' },
  });

  it('applies the most specific override: <locale>-<gender>, <language>-<gender>, <locale>, <language>', () => {
    expect(resolver.resolve(Language.RU_RUSSIAN_MALE)).toBe('ru+m7');
    expect(resolver.resolve(Language.RU_RUSSIAN_FEMALE)).toBe('ru-cl');
    expect(resolver.resolve({ language: 'ru-RU' })).toBe('ru-cl');
    expect(resolver.resolve(Language.UK_ENGLISH_MALE)).toBe('en-gb-x-rp');
  });

  it('matches an override on the exact input first (Language name or value, any alias)', () => {
    expect(resolver.resolve(Language.US_ENGLISH_FEMALE)).toBe('en-us+f3'); // the value differs from the key
    expect(resolver.resolve('US_ENGLISH_FEMALE')).toBe('en-us+f5');
    expect(resolver.resolve('my-brand')).toBe('en-us+Annie');
    expect(resolver.resolve({ voice: 'MY_BRAND' })).toBe('en-us+Annie');
  });

  it('leaves other languages on the catalog', () => {
    expect(resolver.resolve(Language.EUR_GERMAN_FEMALE)).toBe('de+f3');
  });
});

describe('normalizeLanguageTag', () => {
  it.each([
    ['ru', 'ru'],
    ['ru-RU', 'ru-ru'],
    ['en_gb', 'en-gb'],
    ['zh-Hant-TW', 'zh-tw'],
    ['es-419', 'es-419'],
    ['english', undefined],
    ['e', undefined],
  ])('%s → %s', (tag, expected) => {
    expect(normalizeLanguageTag(tag)).toBe(expected);
  });
});
