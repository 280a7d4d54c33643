/**
 * DTMF digits as audio (ITU-T Q.23 pairs): for peers that take digits in-band, or as key-press feedback. Rendered
 * once (`renderDtmf`), then read like any prompt.
 */
import type { DtmfToneOptions } from '../dtmf/dtmf-tone.js';
import { renderDtmf } from '../dtmf/dtmf-tone.js';
import { PcmSource } from './pcm-source.js';

export class DtmfSource extends PcmSource {
  /** Default 100 ms per tone and 100 ms gap after each. Throws for characters that are not DTMF digits. */
  constructor(
    readonly digits: string,
    options: Omit<DtmfToneOptions, 'sampleRate'> = {},
  ) {
    super(renderDtmf(digits, { ...options, sampleRate: 8000 }));
  }
}
