/**
 * VoxEngine's legacy voice enum, `Language`, as scenarios use it: `call.say(text, Language.RU_RUSSIAN_FEMALE)`.
 *
 * The values are the lowercase voice ids of Voximplant's legacy TTS (e.g. `ruinternalfemale`), as Bitrix24's
 * Voximplant integration and its REST documentation send them to VoxEngine scenarios. Voximplant's current public
 * typings (voxengine-ci, VoxEngine 7.x) no longer declare `Language` — it was superseded by `VoiceList` — so scenarios
 * that still use it only need the names to exist and the values to be distinct. The resolver also accepts the constant
 * names themselves (`'RU_RUSSIAN_FEMALE'`), which some hand-written shims use as values.
 *
 * Each entry carries the locale and gender the voice spoke; {@link VoiceResolver} maps those to an engine voice.
 */
export const Language = Object.freeze({
  AU_ENGLISH_FEMALE: 'auenglishfemale',
  BR_PORTUGUESE_FEMALE: 'brportuguesefemale',
  CA_ENGLISH_FEMALE: 'caenglishfemale',
  CA_FRENCH_FEMALE: 'cafrenchfemale',
  CA_FRENCH_MALE: 'cafrenchmale',
  CH_CHINESE_FEMALE: 'chchinesefemale',
  CH_CHINESE_MALE: 'chchinesemale',
  EUR_CATALAN_FEMALE: 'eurcatalanfemale',
  EUR_CZECH_FEMALE: 'eurczechfemale',
  EUR_DANISH_FEMALE: 'eurdanishfemale',
  EUR_DUTCH_FEMALE: 'eurdutchfemale',
  EUR_FINNISH_FEMALE: 'eurfinnishfemale',
  EUR_FRENCH_FEMALE: 'eurfrenchfemale',
  EUR_FRENCH_MALE: 'eurfrenchmale',
  EUR_GERMAN_FEMALE: 'eurgermanfemale',
  EUR_GERMAN_MALE: 'eurgermanmale',
  EUR_ITALIAN_FEMALE: 'euritalianfemale',
  EUR_ITALIAN_MALE: 'euritalianmale',
  EUR_NORWEGIAN_FEMALE: 'eurnorwegianfemale',
  EUR_POLISH_FEMALE: 'eurpolishfemale',
  EUR_PORTUGUESE_FEMALE: 'eurportuguesefemale',
  EUR_PORTUGUESE_MALE: 'eurportuguesemale',
  EUR_SPANISH_FEMALE: 'eurspanishfemale',
  EUR_SPANISH_MALE: 'eurspanishmale',
  EUR_TURKISH_FEMALE: 'eurturkishfemale',
  EUR_TURKISH_MALE: 'eurturkishmale',
  HK_CHINESE_FEMALE: 'hkchinesefemale',
  HU_HUNGARIAN_FEMALE: 'huhungarianfemale',
  JP_JAPANESE_FEMALE: 'jpjapanesefemale',
  JP_JAPANESE_MALE: 'jpjapanesemale',
  KR_KOREAN_FEMALE: 'krkoreanfemale',
  KR_KOREAN_MALE: 'krkoreanmale',
  RU_RUSSIAN_FEMALE: 'ruinternalfemale',
  RU_RUSSIAN_MALE: 'ruinternalmale',
  SW_SWEDISH_FEMALE: 'swswedishfemale',
  TW_CHINESE_FEMALE: 'twchinesefemale',
  UK_ENGLISH_FEMALE: 'ukenglishfemale',
  UK_ENGLISH_MALE: 'ukenglishmale',
  US_ENGLISH_FEMALE: 'usenglishfemale',
  US_ENGLISH_MALE: 'usenglishmale',
  US_SPANISH_FEMALE: 'usspanishfemale',
  US_SPANISH_MALE: 'usspanishmale',
} as const);

export type LanguageName = keyof typeof Language;
export type LanguageValue = (typeof Language)[LanguageName];

export type Gender = 'female' | 'male';

/** What a voice speaks: a lowercase BCP 47 locale (`ru-ru`, `en-gb`) and, when known, a gender. */
export interface VoiceTraits {
  readonly locale: string;
  readonly gender?: Gender;
}

/** Locale and gender of every legacy voice; the compiler checks that no `Language` entry is missing. */
const TRAITS: Readonly<Record<LanguageName, VoiceTraits>> = {
  AU_ENGLISH_FEMALE: { locale: 'en-au', gender: 'female' },
  BR_PORTUGUESE_FEMALE: { locale: 'pt-br', gender: 'female' },
  CA_ENGLISH_FEMALE: { locale: 'en-ca', gender: 'female' },
  CA_FRENCH_FEMALE: { locale: 'fr-ca', gender: 'female' },
  CA_FRENCH_MALE: { locale: 'fr-ca', gender: 'male' },
  CH_CHINESE_FEMALE: { locale: 'zh-cn', gender: 'female' },
  CH_CHINESE_MALE: { locale: 'zh-cn', gender: 'male' },
  EUR_CATALAN_FEMALE: { locale: 'ca-es', gender: 'female' },
  EUR_CZECH_FEMALE: { locale: 'cs-cz', gender: 'female' },
  EUR_DANISH_FEMALE: { locale: 'da-dk', gender: 'female' },
  EUR_DUTCH_FEMALE: { locale: 'nl-nl', gender: 'female' },
  EUR_FINNISH_FEMALE: { locale: 'fi-fi', gender: 'female' },
  EUR_FRENCH_FEMALE: { locale: 'fr-fr', gender: 'female' },
  EUR_FRENCH_MALE: { locale: 'fr-fr', gender: 'male' },
  EUR_GERMAN_FEMALE: { locale: 'de-de', gender: 'female' },
  EUR_GERMAN_MALE: { locale: 'de-de', gender: 'male' },
  EUR_ITALIAN_FEMALE: { locale: 'it-it', gender: 'female' },
  EUR_ITALIAN_MALE: { locale: 'it-it', gender: 'male' },
  EUR_NORWEGIAN_FEMALE: { locale: 'nb-no', gender: 'female' },
  EUR_POLISH_FEMALE: { locale: 'pl-pl', gender: 'female' },
  EUR_PORTUGUESE_FEMALE: { locale: 'pt-pt', gender: 'female' },
  EUR_PORTUGUESE_MALE: { locale: 'pt-pt', gender: 'male' },
  EUR_SPANISH_FEMALE: { locale: 'es-es', gender: 'female' },
  EUR_SPANISH_MALE: { locale: 'es-es', gender: 'male' },
  EUR_TURKISH_FEMALE: { locale: 'tr-tr', gender: 'female' },
  EUR_TURKISH_MALE: { locale: 'tr-tr', gender: 'male' },
  HK_CHINESE_FEMALE: { locale: 'zh-hk', gender: 'female' },
  HU_HUNGARIAN_FEMALE: { locale: 'hu-hu', gender: 'female' },
  JP_JAPANESE_FEMALE: { locale: 'ja-jp', gender: 'female' },
  JP_JAPANESE_MALE: { locale: 'ja-jp', gender: 'male' },
  KR_KOREAN_FEMALE: { locale: 'ko-kr', gender: 'female' },
  KR_KOREAN_MALE: { locale: 'ko-kr', gender: 'male' },
  RU_RUSSIAN_FEMALE: { locale: 'ru-ru', gender: 'female' },
  RU_RUSSIAN_MALE: { locale: 'ru-ru', gender: 'male' },
  SW_SWEDISH_FEMALE: { locale: 'sv-se', gender: 'female' },
  TW_CHINESE_FEMALE: { locale: 'zh-tw', gender: 'female' },
  UK_ENGLISH_FEMALE: { locale: 'en-gb', gender: 'female' },
  UK_ENGLISH_MALE: { locale: 'en-gb', gender: 'male' },
  US_ENGLISH_FEMALE: { locale: 'en-us', gender: 'female' },
  US_ENGLISH_MALE: { locale: 'en-us', gender: 'male' },
  US_SPANISH_FEMALE: { locale: 'es-us', gender: 'female' },
  US_SPANISH_MALE: { locale: 'es-us', gender: 'male' },
};

const byKey = new Map<string, VoiceTraits>();
for (const [name, value] of Object.entries(Language) as [LanguageName, LanguageValue][]) {
  byKey.set(name.toLowerCase(), TRAITS[name]);
  byKey.set(value, TRAITS[name]);
}

/** The traits of a `Language` value (`ruinternalfemale`) or constant name (`RU_RUSSIAN_FEMALE`), case-insensitive. */
export function legacyVoiceTraits(valueOrName: string): VoiceTraits | undefined {
  return byKey.get(valueOrName.trim().toLowerCase());
}
