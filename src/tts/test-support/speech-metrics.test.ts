import { describe, expect, it } from 'vitest';
import { activeFraction, bandEnergyFraction, rms, speechReport, tone, zeroCrossingRate } from './speech-metrics.js';

const RATE = 22050;

describe('speech metrics (the oracle of the TTS tests)', () => {
  it('measure silence as nothing', () => {
    const silence = new Int16Array(RATE);
    expect(speechReport({ sampleRate: RATE, samples: silence })).toMatchObject({ seconds: 1, rms: 0, zcr: 0, voiceBand: 0, active: 0 });
  });

  it('see a 1 kHz tone as all voice band, always active, 2,000 crossings a second', () => {
    const t = tone(1000, 1, RATE);
    expect(rms(t)).toBeCloseTo(0.5 / Math.SQRT2, 2);
    expect(zeroCrossingRate(t, RATE)).toBeCloseTo(2000, -1);
    expect(bandEnergyFraction(t, RATE)).toBeGreaterThan(0.99);
    expect(activeFraction(t, RATE)).toBe(1);
  });

  it('see an 8 kHz tone and white noise as mostly outside 300-3400 Hz', () => {
    expect(bandEnergyFraction(tone(8000, 1, RATE), RATE)).toBeLessThan(0.01);
    let seed = 1;
    const noise = Int16Array.from({ length: RATE }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed % 20000) - 10000;
    });
    expect(bandEnergyFraction(noise, RATE)).toBeLessThan(0.35);
  });
});
