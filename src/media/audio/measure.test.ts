import { describe, expect, it } from 'vitest';
import { fft } from './fft.js';
import { goertzelCoefficient, goertzelPower, goertzelPower4, toneAmplitude } from './goertzel.js';
import { bandEnergyRatio, dominantFrequency, rms, rmsDbfs, zeroCrossingRate, zeroCrossingsPerSecond } from './measure.js';
import { floatToInt16, int16ToFloat } from './pcm.js';
import { sine, syntheticSpeech, whiteNoise } from './signals.test-support.js';

describe('audio measurements', () => {
  it('RMS of a sine is its amplitude over √2; silence is −∞ dBFS', () => {
    expect(rms(sine(1000, 8000, 1000, 8000))).toBeCloseTo(1000 / Math.SQRT2, 0);
    expect(rmsDbfs(new Int16Array(160))).toBe(-Infinity);
    expect(rmsDbfs(new Int16Array(160).fill(32767))).toBeCloseTo(0, 3);
  });

  it('zero-crossing rate tells tones, speech and noise apart', () => {
    expect(zeroCrossingsPerSecond(sine(1000, 8000, 1, 8000, 0.1), 8000)).toBeCloseTo(2000, -1);
    expect(zeroCrossingRate(whiteNoise(8000, 1000))).toBeCloseTo(0.5, 1);
    const speech = zeroCrossingRate(syntheticSpeech(2000));
    expect(speech).toBeGreaterThan(0.02);
    expect(speech).toBeLessThan(0.3);
  });

  it('band energy: a voice band tone is all in band, speech mostly, white noise in proportion', () => {
    expect(bandEnergyRatio(sine(1000, 8000, 1, 8000), 8000, 300, 3400)).toBeGreaterThan(0.99);
    const speech = syntheticSpeech(2000);
    expect(bandEnergyRatio(speech, 8000, 80, 3400)).toBeGreaterThan(0.95); // fundamental + formants
    expect(bandEnergyRatio(speech, 8000, 300, 3400)).toBeGreaterThan(0.4);
    expect(bandEnergyRatio(speech, 8000, 3400, 4000)).toBeLessThan(0.02);
    expect(bandEnergyRatio(whiteNoise(16000, 1000), 8000, 300, 3400)).toBeCloseTo(3100 / 4000, 1);
  });

  it('finds the dominant frequency to within a hertz', () => {
    expect(dominantFrequency(sine(1234, 8000, 1, 8000), 8000)).toBeCloseTo(1234, 0);
  });

  it('Goertzel equals the FFT bin at bin frequencies and estimates amplitude anywhere', () => {
    const x = sine(1000, 256, 1, 8000);
    const re = Float64Array.from(x);
    const im = new Float64Array(256);
    fft(re, im);
    const k = 32; // 32 · 8000 / 256 = 1000 Hz
    const power = goertzelPower(x, goertzelCoefficient(1000, 8000));
    expect(power).toBeCloseTo(re[k]! ** 2 + im[k]! ** 2, 3);
    expect(toneAmplitude(sine(697, 205, 0.3, 8000), 697, 8000)).toBeCloseTo(0.3, 2);
    expect(toneAmplitude([], 697, 8000)).toBe(0);
  });

  it('the four-way Goertzel gives the same powers as four single passes', () => {
    const x = Float32Array.from(syntheticSpeech(50));
    const coefficients = Float64Array.from([697, 770, 852, 941], (f) => goertzelCoefficient(f, 8000));
    const out = new Float64Array(4);
    goertzelPower4(x, coefficients, out, 10, 205);
    coefficients.forEach((c, k) => expect(out[k]).toBeCloseTo(goertzelPower(x, c, 10, 205), 0));
  });

  it('converts float to 16 bits with rounding and clipping, and back', () => {
    expect(Array.from(floatToInt16(Float32Array.of(0, 0.5, -1, 1.5, -2)))).toEqual([0, 16384, -32768, 32767, -32768]);
    expect(Array.from(int16ToFloat(Int16Array.of(16384, -32768)))).toEqual([0.5, -1]);
  });
});
