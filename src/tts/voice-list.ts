/**
 * VoxEngine's namespaced voices, `VoiceList.<Provider>.<locale>_<Name>` (e.g. `VoiceList.Default.ru_RU_Female`,
 * `VoiceList.Amazon.en_GB_Amy`). Voximplant treats them as opaque `Voice` objects; holdless represents them as strings
 * with that same dotted path, so they survive JSON and logs.
 *
 * We ship only the `Default` provider (the voices holdless can speak with any engine). Any other provider's id is still
 * accepted by the resolver: the locale in its last segment picks the engine voice, and a `Female`/`Male` suffix picks
 * the variant, so a scenario written for `VoiceList.Amazon.en_GB_Amy` speaks British English rather than failing.
 */
import type { Gender, VoiceTraits } from './language.js';

function id<const P extends string>(path: P): `VoiceList.${P}` {
  return `VoiceList.${path}`;
}

export const VoiceList = Object.freeze({
  Default: Object.freeze({
    ca_ES_Female: id('Default.ca_ES_Female'),
    cs_CZ_Female: id('Default.cs_CZ_Female'),
    da_DK_Female: id('Default.da_DK_Female'),
    de_DE_Female: id('Default.de_DE_Female'),
    de_DE_Male: id('Default.de_DE_Male'),
    en_GB_Female: id('Default.en_GB_Female'),
    en_GB_Male: id('Default.en_GB_Male'),
    en_US_Female: id('Default.en_US_Female'),
    en_US_Male: id('Default.en_US_Male'),
    es_ES_Female: id('Default.es_ES_Female'),
    es_ES_Male: id('Default.es_ES_Male'),
    fi_FI_Female: id('Default.fi_FI_Female'),
    fr_FR_Female: id('Default.fr_FR_Female'),
    fr_FR_Male: id('Default.fr_FR_Male'),
    hu_HU_Female: id('Default.hu_HU_Female'),
    it_IT_Female: id('Default.it_IT_Female'),
    it_IT_Male: id('Default.it_IT_Male'),
    ja_JP_Female: id('Default.ja_JP_Female'),
    ja_JP_Male: id('Default.ja_JP_Male'),
    ko_KR_Female: id('Default.ko_KR_Female'),
    nb_NO_Female: id('Default.nb_NO_Female'),
    nl_NL_Female: id('Default.nl_NL_Female'),
    pl_PL_Female: id('Default.pl_PL_Female'),
    pt_BR_Female: id('Default.pt_BR_Female'),
    pt_PT_Female: id('Default.pt_PT_Female'),
    pt_PT_Male: id('Default.pt_PT_Male'),
    ru_RU_Female: id('Default.ru_RU_Female'),
    ru_RU_Male: id('Default.ru_RU_Male'),
    sv_SE_Female: id('Default.sv_SE_Female'),
    tr_TR_Female: id('Default.tr_TR_Female'),
    tr_TR_Male: id('Default.tr_TR_Male'),
    cmn_CN_Female: id('Default.cmn_CN_Female'),
  }),
});

/**
 * `[VoiceList.]Provider[.Sub...].<lang>_<REGION>[_<Name>]`: the language is 2-3 lowercase letters, optionally followed
 * by a script (`cmn_Hans_HK_FEMALE`), then a 2-letter region.
 */
const VOICE_LIST_ID = /^(?:VoiceList\.)?(?:[A-Za-z][A-Za-z0-9]*\.)+([a-z]{2,3})(?:_[A-Z][a-z]{3})?_([A-Z]{2})(?:_([A-Za-z0-9_]+))?$/;

/** Locale and gender of a VoiceList id, or undefined when the string does not look like one. */
export function voiceListTraits(voiceId: string): VoiceTraits | undefined {
  const m = VOICE_LIST_ID.exec(voiceId.trim());
  if (!m) return undefined;
  const [, lang, region, name] = m;
  const last = name?.split('_').pop()?.toLowerCase();
  const gender: Gender | undefined = last === 'female' ? 'female' : last === 'male' ? 'male' : undefined;
  const locale = `${lang!}-${region!.toLowerCase()}`;
  return gender ? { locale, gender } : { locale };
}
