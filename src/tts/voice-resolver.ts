/**
 * Turns what a scenario passes to `call.say(text, voice)` into one engine voice name.
 *
 * Accepted inputs, in the order they are tried:
 *   1. a configured override, matched by the exact string (`RU_RUSSIAN_FEMALE`, `default`, `ru-ru-female`, ...)
 *   2. a `Language` value or name          Language.RU_RUSSIAN_FEMALE ('ruinternalfemale'), 'RU_RUSSIAN_FEMALE'
 *   3. a VoiceList id                      VoiceList.Default.ru_RU_Female, 'VoiceList.Amazon.en_GB_Amy'
 *   4. a language tag the catalog maps     'ru', 'ru-RU', 'en_GB', 'en' (→ en-us)
 *   5. a plain engine voice                'en-us+f3', 'en-029' (espeak), a Piper model name (command engine)
 *   6. any other language tag              'ru-UA' (→ the voice for 'ru')
 *   7. an object                           {voice: <any of the above>} or {language: <any of the above>}
 *   8. nothing (undefined, null, '')       the `default` override, else the resolver's default voice
 * Steps 2, 3, 4 and 6 give a locale and maybe a gender. Overrides are then looked up by `<locale>-<gender>`,
 * `<language>-<gender>`, `<locale>`, `<language>` (e.g. `ru-ru-female`, `ru-female`, `ru-ru`, `ru`); failing that the
 * engine's catalog picks a voice. An override's value is used verbatim (no gender variant is appended to it).
 * Anything else is a TtsError `unknown-voice` that lists the accepted names.
 */
import type { Gender, VoiceTraits } from './language.js';
import { Language, legacyVoiceTraits } from './language.js';
import type { VoiceId } from './tts-engine.js';
import { TtsError } from './tts-error.js';
import { VoiceList, voiceListTraits } from './voice-list.js';

/** What an engine can speak, as the resolver needs to know it. */
export interface VoiceCatalog {
  /** True when the engine accepts `name` verbatim as a voice. */
  isEngineVoice(name: string): boolean;
  /** The engine voice for a lowercase locale (`ru-ru`, `en-gb`, or just `ru`) and an optional gender. */
  voiceFor(locale: string, gender?: Gender): VoiceId | undefined;
  /** Lowercase locales and languages the catalog maps (for error messages and docs). */
  locales(): readonly string[];
  /** Engine voice names (for error messages and docs). */
  engineVoices(): readonly string[];
}

/** A voice as scenarios give it. */
export type VoiceInput = string | { readonly voice?: unknown; readonly language?: unknown } | null | undefined;

export interface VoiceResolverOptions {
  readonly catalog: VoiceCatalog;
  /**
   * Overrides from configuration (`tts.voices`): keys are language tags, `<tag>-female`/`<tag>-male`, `Language`
   * names or values, VoiceList ids, or `default`; values are engine voices used verbatim. Keys ignore case, and `_`
   * equals `-` in tags.
   */
  readonly overrides?: Readonly<Record<string, string>>;
  /** Voice for `say(text)` without a voice, unless `overrides.default` is set. Default: `en-us`'s catalog voice. */
  readonly defaultVoice?: VoiceId;
}

const LANGUAGE_TAG = /^([a-z]{2,3})(?:[-_]([a-z]{4}))?(?:[-_]([a-z]{2}|\d{3}))?$/i;

/** `ru`, `ru-RU`, `en_gb`, `zh-Hant-TW` → lowercase `ru`, `ru-ru`, `en-gb`, `zh-tw` (the script is dropped). */
export function normalizeLanguageTag(tag: string): string | undefined {
  const m = LANGUAGE_TAG.exec(tag.trim());
  if (!m) return undefined;
  const lang = m[1]!.toLowerCase();
  return m[3] ? `${lang}-${m[3].toLowerCase()}` : lang;
}

function normalizeKey(key: string): string {
  return key.trim().toLowerCase().replace(/_/g, '-');
}

export class VoiceResolver {
  private readonly catalog: VoiceCatalog;
  private readonly overrides = new Map<string, string>();
  private readonly defaultVoice: VoiceId | undefined;
  private readonly mappedLocales: ReadonlySet<string>;

  constructor(options: VoiceResolverOptions) {
    this.catalog = options.catalog;
    for (const [key, value] of Object.entries(options.overrides ?? {})) this.overrides.set(normalizeKey(key), value);
    this.defaultVoice = options.defaultVoice;
    this.mappedLocales = new Set(this.catalog.locales());
  }

  /** The engine voice for `input`; throws {@link TtsError} `unknown-voice`. */
  resolve(input: VoiceInput): VoiceId {
    if (input === undefined || input === null || (typeof input === 'string' && input.trim() === '')) return this.resolveDefault();
    if (typeof input === 'object') {
      const inner = input.voice ?? input.language;
      if (typeof inner === 'string' && inner.trim() !== '') return this.resolveString(inner);
      throw this.unknown(JSON.stringify(input));
    }
    if (typeof input !== 'string') throw this.unknown(String(input));
    return this.resolveString(input);
  }

  /** Every name the resolver accepts besides plain engine voices: for error messages and docs. */
  knownVoices(): string[] {
    const names = new Set<string>([
      ...Object.keys(Language),
      ...Object.values(VoiceList.Default),
      ...this.catalog.locales(),
      ...this.overrides.keys(),
    ]);
    return [...names].sort();
  }

  private resolveDefault(): VoiceId {
    const configured = this.overrides.get('default');
    if (configured !== undefined) return configured;
    if (this.defaultVoice !== undefined) return this.defaultVoice;
    const fallback = this.catalog.voiceFor('en-us');
    if (fallback === undefined) throw new TtsError('unknown-voice', 'no default voice: set tts.voices.default', { knownVoices: this.knownVoices() });
    return fallback;
  }

  private resolveString(raw: string): VoiceId {
    const text = raw.trim();
    const direct = this.overrides.get(normalizeKey(text));
    if (direct !== undefined) return direct;
    const traits = legacyVoiceTraits(text) ?? voiceListTraits(text);
    if (traits) return this.fromTraits(traits, text);
    const locale = normalizeLanguageTag(text);
    if (locale !== undefined && this.mappedLocales.has(locale)) return this.fromTraits({ locale }, text);
    if (this.catalog.isEngineVoice(text)) return text;
    if (locale !== undefined) return this.fromTraits({ locale }, text);
    throw this.unknown(text);
  }

  private fromTraits(traits: VoiceTraits, original: string): VoiceId {
    const { locale, gender } = traits;
    const lang = locale.split('-')[0]!;
    const keys = gender ? [`${locale}-${gender}`, `${lang}-${gender}`, locale, lang] : [locale, lang];
    for (const key of keys) {
      const v = this.overrides.get(key);
      if (v !== undefined) return v;
    }
    const voice = this.catalog.voiceFor(locale, gender);
    if (voice === undefined) throw this.unknown(original, `no voice for locale '${locale}'`);
    return voice;
  }

  private unknown(what: string, why = 'not a Language value, VoiceList id, engine voice or language tag'): TtsError {
    const known = this.knownVoices();
    const preview = known.filter((k) => !k.startsWith('VoiceList.')).slice(0, 12).join(', ');
    return new TtsError('unknown-voice', `unknown voice '${what}' (${why}); known: ${preview}, ... (${known.length} in all)`, {
      knownVoices: [...known, ...this.catalog.engineVoices()],
    });
  }
}
