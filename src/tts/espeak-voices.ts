/**
 * What espeak-ng can speak: its voice and variant names (from `espeak-ng --voices` and `--voices=variant` of the
 * bundled espeak-ng 1.0.2 WASM package, data of espeak-ng 1.51) and the locale table the resolver uses.
 */
import type { Gender } from './language.js';
import type { VoiceCatalog } from './voice-resolver.js';

/** Voice names espeak-ng accepts with `-v`, plus the language aliases its voice files declare (`en`, `fr`, `zh`, ...). */
export const ESPEAK_VOICES: readonly string[] = Object.freeze([
  ...'af am an ar as az ba be bg bn bpy bs ca chr-US-Qaaa-x-west cmn cmn-latn-pinyin cs cv cy da de el en-029 en-gb'.split(' '),
  ...'en-gb-scotland en-gb-x-gbclan en-gb-x-gbcwmd en-gb-x-rp en-us en-us-nyc eo es es-419 et eu fa fa-latn fi fr-be'.split(' '),
  ...'fr-ch fr-fr ga gd gn grc gu hak haw he hi hr ht hu hy hyw ia id io is it ja jbo ka kk kl kn ko kok ku ky la lb'.split(' '),
  ...'lfn lt ltg lv mi mk ml mr ms mt mto my nb nci ne nl nog om or pa pap piqd pl pt pt-br py qdb qu quc qya ro ru'.split(' '),
  ...'ru-cl ru-lv sd shn si sjn sk sl smj sq sr sv sw ta te th tk tn tr tt ug uk ur uz vi vi-vn-x-central'.split(' '),
  ...'vi-vn-x-south yue en fr zh zh-cmn zh-yue pt-pt es-mx no'.split(' '),
]);

/** Variant names for `-v voice+variant`: pitch and timbre presets. `f1`-`f5` are female, `m1`-`m8` male. */
export const ESPEAK_VARIANTS: readonly string[] = Object.freeze([
  ...'adam Alex Alicia Andrea Andy Annie antonio aunty belinda benjamin boris caleb david Demonic Denis Diogo ed'.split(' '),
  ...'edward edward2 Gene Gene2 gustave announcer Henrique Hugo iven iven2 iven3 iven4 Jacky john kaukovalta Lee'.split(' '),
  ...'linda marcelo Marco Mario max Michael michel miguel Mike Mr Nguyen pablo paul pedro quincy RicishayMax'.split(' '),
  ...'RicishayMax2 RicishayMax3 rob robert robosoft robosoft2 robosoft3 robosoft4 robosoft5 robosoft6 robosoft7'.split(' '),
  ...'robosoft8 steph steph2 steph3 Storm Tweaky UniRobot zac anika anikaRobot AnxiousAndy fast f1 f2 f3 f4 f5'.split(' '),
  ...'whisperf grandpa klatt klatt2 klatt3 klatt4 klatt5 klatt6 m1 m2 m3 m4 m5 m6 m7 m8 norbert sandro shelby'.split(' '),
  ...'travis victor whisper croak grandma'.split(' '),
]);

/** The variant appended for a requested gender (espeak's own voices are male-sounding without one). */
export const ESPEAK_GENDER_VARIANT: Readonly<Record<Gender, string>> = { female: 'f3', male: 'm3' };

/**
 * Locale → espeak voice. Keys are lowercase BCP 47 tags; a full locale is tried first, then its language alone.
 * Where espeak has no regional voice the nearest one stands in (en-au → en-gb, fr-ca → fr-fr, es-us → es-419).
 */
export const ESPEAK_LOCALES: Readonly<Record<string, string>> = Object.freeze({
  ru: 'ru',
  uk: 'uk',
  be: 'be',
  en: 'en-us',
  'en-us': 'en-us',
  'en-ca': 'en-us',
  'en-gb': 'en-gb',
  'en-au': 'en-gb',
  'en-ie': 'en-gb',
  'en-nz': 'en-gb',
  de: 'de',
  fr: 'fr-fr',
  'fr-be': 'fr-be',
  'fr-ch': 'fr-ch',
  es: 'es',
  'es-us': 'es-419',
  'es-mx': 'es-419',
  'es-419': 'es-419',
  it: 'it',
  pt: 'pt',
  'pt-br': 'pt-br',
  nl: 'nl',
  pl: 'pl',
  cs: 'cs',
  sk: 'sk',
  da: 'da',
  sv: 'sv',
  nb: 'nb',
  no: 'nb',
  fi: 'fi',
  hu: 'hu',
  tr: 'tr',
  ca: 'ca',
  el: 'el',
  ro: 'ro',
  bg: 'bg',
  hr: 'hr',
  sr: 'sr',
  lt: 'lt',
  lv: 'lv',
  et: 'et',
  kk: 'kk',
  ka: 'ka',
  hy: 'hy',
  az: 'az',
  uz: 'uz',
  he: 'he',
  ar: 'ar',
  fa: 'fa',
  hi: 'hi',
  ja: 'ja',
  ko: 'ko',
  zh: 'cmn',
  cmn: 'cmn',
  'zh-hk': 'yue',
  yue: 'yue',
  vi: 'vi',
  id: 'id',
  ms: 'ms',
});

const voiceSet = new Set(ESPEAK_VOICES.map((v) => v.toLowerCase()));
const variantSet = new Set(ESPEAK_VARIANTS);

/** True when `name` is `voice` or `voice+variant` with names espeak-ng knows (voice names ignore case). */
export function isEspeakVoice(name: string): boolean {
  const plus = name.indexOf('+');
  const base = plus < 0 ? name : name.slice(0, plus);
  if (!voiceSet.has(base.toLowerCase())) return false;
  return plus < 0 || variantSet.has(name.slice(plus + 1));
}

/** The {@link VoiceCatalog} of the espeak-ng engines (WASM and the Debian binary through {@link CommandEngine}). */
export const espeakCatalog: VoiceCatalog = {
  isEngineVoice: isEspeakVoice,
  voiceFor(locale, gender) {
    const lang = locale.split('-')[0]!;
    const base = ESPEAK_LOCALES[locale] ?? ESPEAK_LOCALES[lang];
    if (base === undefined) return undefined;
    return gender ? `${base}+${ESPEAK_GENDER_VARIANT[gender]}` : base;
  },
  locales: () => Object.keys(ESPEAK_LOCALES),
  engineVoices: () => ESPEAK_VOICES,
};
