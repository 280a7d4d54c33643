/**
 * DTMF as audio: the tone pair of each digit (ITU-T Q.23) for `toneMs`, then `gapMs` of silence. Used to send digits
 * in-band to peers without RFC 4733 and to test the in-band detector.
 */
import { renderTone } from '../audio/tone-generator.js';
import { toneFrequencies } from './dtmf-digit.js';

export interface DtmfToneOptions {
  toneMs?: number;
  gapMs?: number;
  /** Level of the low-group tone in dBm0 (default −10). */
  lowDbm0?: number;
  /** Level of the high-group tone in dBm0 (default −8: a little "normal" pre-emphasis, as phones send). */
  highDbm0?: number;
  sampleRate?: number;
}

/** 16-bit PCM of a digit string. */
export function renderDtmf(digits: string, options: DtmfToneOptions = {}): Int16Array {
  const rate = options.sampleRate ?? 8000;
  const toneMs = options.toneMs ?? 100;
  const gapMs = options.gapMs ?? 100;
  const toneSamples = Math.round((toneMs * rate) / 1000);
  const step = toneSamples + Math.round((gapMs * rate) / 1000);
  const out = new Int16Array(step * digits.length);
  [...digits].forEach((digit, i) => {
    const [low, high] = toneFrequencies(digit);
    const lowTone = renderTone({ frequencies: [low], levelDbm0: options.lowDbm0 ?? -10 }, toneMs, rate);
    const highTone = renderTone({ frequencies: [high], levelDbm0: options.highDbm0 ?? -8 }, toneMs, rate);
    for (let k = 0; k < toneSamples; k++) out[i * step + k] = lowTone[k]! + highTone[k]!;
  });
  return out;
}
