import { describe, expect, it } from 'vitest';
import { toneAmplitude } from './goertzel.js';
import { dominantFrequency, rms } from './measure.js';
import { dbm0ToAmplitude } from './pcm.js';
import { TONES, ToneGenerator, renderTone } from './tone-generator.js';

const seconds = (pcm: Int16Array, from: number, to: number): Int16Array => pcm.subarray(from * 8000, to * 8000);

describe('ToneGenerator', () => {
  it('plays European ringback: 425 Hz for 1 s, then 4 s of silence, repeating', () => {
    const pcm = renderTone(TONES.ringbackEurope, 10_000);
    expect(dominantFrequency(seconds(pcm, 0, 1), 8000)).toBeCloseTo(425, 0);
    expect(rms(seconds(pcm, 1, 5))).toBe(0);
    expect(rms(seconds(pcm, 5, 6))).toBeGreaterThan(1000);
    expect(rms(seconds(pcm, 6, 10))).toBe(0);
  });

  it('plays North American ringback as the 440 + 480 Hz pair, 2 s on / 4 s off', () => {
    const pcm = renderTone(TONES.ringbackNorthAmerica, 6000);
    const on = seconds(pcm, 0, 2);
    const expected = dbm0ToAmplitude(-19);
    expect(toneAmplitude(on, 440, 8000)).toBeCloseTo(expected, -1);
    expect(toneAmplitude(on, 480, 8000)).toBeCloseTo(expected, -1);
    expect(rms(seconds(pcm, 2, 6))).toBe(0);
  });

  it('sets the level in dBm0 (0 dBm0 = 3.17 dB below full scale)', () => {
    const pcm = renderTone({ frequencies: [1000], levelDbm0: 0 }, 1000);
    expect(rms(pcm) / (32768 / Math.SQRT2)).toBeCloseTo(10 ** (-3.17 / 20), 3);
  });

  it('streams frame by frame with continuous phase: the same samples as one render', () => {
    const whole = renderTone(TONES.busyEurope, 2000);
    const generator = new ToneGenerator(TONES.busyEurope);
    const frame = new Int16Array(160);
    for (let f = 0; f < 100; f++) {
      generator.fill(frame);
      expect(Array.from(frame)).toEqual(Array.from(whole.subarray(f * 160, (f + 1) * 160)));
    }
    generator.reset();
    generator.fill(frame);
    expect(Array.from(frame)).toEqual(Array.from(whole.subarray(0, 160)));
  });

  it('renders a beep of the asked length', () => {
    const beep = renderTone(TONES.beep, 250);
    expect(beep.length).toBe(2000);
    expect(dominantFrequency(beep, 8000)).toBeCloseTo(1000, 0);
  });

  it('clips instead of wrapping when components add up past full scale', () => {
    const loud = renderTone({ frequencies: [500, 500], levelDbm0: 3 }, 100);
    expect(Math.max(...loud)).toBe(32767);
    expect(Math.min(...loud)).toBe(-32768);
  });
});
