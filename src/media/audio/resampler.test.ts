// The resampler lives in lib/ (media/ and tts/ both convert rates); it is measured here with the media layer's analysis tools.
import { describe, expect, it } from 'vitest';
import { toneAmplitude } from './goertzel.js';
import { dominantFrequency, rms } from './measure.js';
import { Resampler, resample, TELEPHONE_SPEECH } from '../../lib/resampler.js';
import { sine } from './signals.test-support.js';

/** The middle of a signal, away from the start and end transients. */
const middle = (x: Float32Array): Float32Array => x.subarray(Math.floor(x.length * 0.2), Math.floor(x.length * 0.8));

describe('Resampler (polyphase windowed sinc)', () => {
  it.each([22050, 44100, 48000, 16000, 32000, 11025])('keeps a 1 kHz tone at 1 kHz and its amplitude, %i Hz → 8 kHz', (rate) => {
    const out = resample(sine(1000, rate, 0.5, rate), rate, 8000);
    expect(out.length).toBe(8000);
    expect(dominantFrequency(middle(out), 8000)).toBeCloseTo(1000, 0);
    const amplitude = toneAmplitude(middle(out), 1000, 8000);
    expect(20 * Math.log10(amplitude / 0.5)).toBeCloseTo(0, 1); // within ±0.05 dB
  });

  it('attenuates a 6 kHz tone at 22,050 Hz by at least 40 dB (it would alias to 2 kHz)', () => {
    const out = resample(sine(6000, 22050, 0.5, 22050), 22050, 8000);
    const aliasDb = 20 * Math.log10(rms(middle(out)) / (0.5 / Math.SQRT2));
    expect(aliasDb).toBeLessThan(-40);
    expect(aliasDb).toBeLessThan(-70); // the design target is 80 dB
  });

  it('attenuates everything above 4 kHz from a 48 kHz source, and keeps 3.4 kHz', () => {
    for (const f of [4100, 5000, 8000, 12000, 20000]) {
      const out = resample(sine(f, 48000, 0.5, 48000), 48000, 8000);
      expect(20 * Math.log10(rms(middle(out)) / (0.5 / Math.SQRT2))).toBeLessThan(-60);
    }
    const edge = resample(sine(3400, 48000, 0.5, 48000), 48000, 8000);
    expect(Math.abs(20 * Math.log10(toneAmplitude(middle(edge), 3400, 8000) / 0.5))).toBeLessThan(0.5);
  });

  it('produces ceil(n·to/from) samples, aligned in time with the input', () => {
    expect(resample(new Float32Array(22051), 22050, 8000).length).toBe(Math.ceil((22051 * 8000) / 22050));
    expect(resample(new Float32Array(1), 44100, 8000).length).toBe(1);
    expect(resample(new Float32Array(0), 44100, 8000).length).toBe(0);
    // A click at 0.5 s comes out at 0.5 s.
    const click = new Float32Array(22050);
    click[11025] = 1;
    const out = resample(click, 22050, 8000);
    let peak = 0;
    for (let i = 0; i < out.length; i++) if (Math.abs(out[i]!) > Math.abs(out[peak]!)) peak = i;
    expect(peak).toBe(4000);
  });

  it('keeps a constant exactly constant (unity DC gain in every phase)', () => {
    const out = resample(new Float32Array(4410).fill(0.25), 44100, 8000);
    for (const v of middle(out)) expect(v).toBeCloseTo(0.25, 5);
  });

  it('gives the same output when fed in chunks as in one piece', () => {
    const input = sine(700, 22050, 0.3, 22050);
    const whole = resample(input, 22050, 8000);
    const r = new Resampler(22050, 8000);
    const parts: number[] = [];
    for (let at = 0; at < input.length; at += 1000) parts.push(...r.process(input.subarray(at, at + 1000)));
    parts.push(...r.flush());
    expect(parts.length).toBe(whole.length);
    for (let i = 0; i < whole.length; i++) expect(parts[i]).toBeCloseTo(whole[i]!, 6);
  });

  it('upsamples too (8 → 16 kHz keeps a 1 kHz tone)', () => {
    const out = resample(sine(1000, 8000, 0.5, 8000), 8000, 16000);
    expect(out.length).toBe(16000);
    expect(toneAmplitude(middle(out), 1000, 16000)).toBeCloseTo(0.5, 2);
  });

  it('returns a copy for equal rates and rejects bad rates and filters', () => {
    const x = Float32Array.of(1, 2, 3);
    expect(resample(x, 8000, 8000)).toEqual(x);
    expect(() => new Resampler(0, 8000)).toThrow(RangeError);
    expect(() => new Resampler(22050.5, 8000)).toThrow(RangeError);
    expect(() => new Resampler(22050, 8000, { passband: 0.5, stopband: 0.45 })).toThrow(RangeError);
    expect(() => new Resampler(22050, 8000, { attenuationDb: 0 })).toThrow(RangeError);
  });

  it('shares one filter between resamplers of the same design, and keeps designs apart', () => {
    const input = sine(700, 4410, 0.3, 22050);
    expect(resample(input, 22050, 8000)).toEqual(resample(input, 22050, 8000));
    expect(new Resampler(22050, 8000).tapCount).toBe(192);
    expect(new Resampler(22050, 8000, TELEPHONE_SPEECH).tapCount).toBe(84);
    expect(new Resampler(22050, 8000).tapCount).toBe(192);
  });
});

// The preset the espeak worker uses for speech going to an 8 kHz G.711 call (docs/tts.md, "Resampling to 8 kHz").
describe('Resampler, TELEPHONE_SPEECH preset (22,050 Hz speech → 8 kHz G.711)', () => {
  const RATE = 22050;
  // Output level of a quarter-second tone at f, relative to the tone.
  const levelDb = (f: number): number => 20 * Math.log10(rms(middle(resample(sine(f, RATE / 4, 0.5, RATE), RATE, 8000, TELEPHONE_SPEECH))) / (0.5 / Math.SQRT2));

  it('costs less than half the taps of the default filter', () => {
    expect(new Resampler(RATE, 8000, TELEPHONE_SPEECH).tapCount * 2).toBeLessThan(new Resampler(RATE, 8000).tapCount);
  });

  it('is flat to 3.4 kHz (±0.02 dB)', () => {
    for (const f of [300, 1000, 2000, 3000, 3300, 3400]) {
      const out = resample(sine(f, RATE, 0.5, RATE), RATE, 8000, TELEPHONE_SPEECH);
      expect(Math.abs(20 * Math.log10(toneAmplitude(middle(out), f, 8000) / 0.5)), `${f} Hz`).toBeLessThan(0.02);
    }
  });

  it('attenuates by ≥ 70 dB everything that would fold back below 3.4 kHz (4.6 to 11 kHz)', () => {
    for (let f = 4600; f < RATE / 2; f += 50) expect(levelDb(f), `${f} Hz`).toBeLessThan(-69.5);
  });

  it('lets only 4.0-4.6 kHz fold back, into 3.4-4.0 kHz: above the passband', () => {
    // 4,300 Hz comes out at 8,000 − 4,300 = 3,700 Hz, partly attenuated (the transition band).
    const out = middle(resample(sine(4300, RATE, 0.5, RATE), RATE, 8000, TELEPHONE_SPEECH));
    expect(dominantFrequency(out, 8000)).toBeCloseTo(3700, -1);
    expect(levelDb(4300)).toBeLessThan(-15);
    expect(levelDb(4550)).toBeLessThan(-50);
  });

  it('keeps the default filter for everyone else (prompt files, mp3 and wav decoding)', () => {
    expect(levelDb(4600)).toBeGreaterThan(-80); // the speech preset lets more through just above its edge...
    const byDefault = resample(sine(4600, RATE, 0.5, RATE), RATE, 8000);
    expect(20 * Math.log10(rms(middle(byDefault)) / (0.5 / Math.SQRT2))).toBeLessThan(-80); // ...than the default
  });
});
