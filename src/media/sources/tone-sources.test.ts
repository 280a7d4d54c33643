import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../audio-frame.js';
import { toneAmplitude } from '../audio/goertzel.js';
import { dbm0ToAmplitude } from '../audio/pcm.js';
import { dominantFrequency, rms } from '../audio/measure.js';
import { InbandDtmfDetector } from '../dtmf/inband-dtmf-detector.js';
import { DtmfSource } from './dtmf-source.js';
import { drain } from './fixtures.test-support.js';
import { SilenceSource } from './silence-source.js';
import { beepSource, ringbackSource, ToneSource } from './tone-source.js';

/** `ms` of audio from `from` ms on, out of a longer drained signal. */
const slice = (pcm: Int16Array, fromMs: number, ms: number): Int16Array => pcm.subarray(fromMs * 8, (fromMs + ms) * 8);

describe('ToneSource', () => {
  it('European ringback: 425 Hz for 1 s, 4 s of silence, again at 5 s', () => {
    const { pcm, frames } = drain(ringbackSource('europe'), 300); // 6 s
    expect(frames).toBe(300);
    expect(dominantFrequency(slice(pcm, 100, 800), 8000)).toBeCloseTo(425, 0);
    expect(toneAmplitude(slice(pcm, 100, 800), 425, 8000)).toBeCloseTo(dbm0ToAmplitude(-13), -2);
    expect(rms(slice(pcm, 1000, 4000))).toBe(0);
    expect(rms(slice(pcm, 4990, 10))).toBe(0);
    expect(rms(slice(pcm, 5000, 20))).toBeGreaterThan(1000);
  });

  it('North American ringback: 440 + 480 Hz for 2 s, then 4 s off', () => {
    const { pcm } = drain(ringbackSource('north-america'), 350); // 7 s
    const on = slice(pcm, 0, 2000);
    expect(toneAmplitude(on, 440, 8000)).toBeGreaterThan(1000);
    expect(toneAmplitude(on, 480, 8000)).toBeGreaterThan(1000);
    expect(toneAmplitude(on, 425, 8000)).toBeLessThan(200);
    expect(rms(slice(pcm, 2000, 4000))).toBe(0);
    expect(rms(slice(pcm, 6000, 100))).toBeGreaterThan(1000);
  });

  it('a beep lasts its duration (200 ms: 10 frames of 1 kHz) and ends', () => {
    const source = beepSource(200);
    const { pcm, frames } = drain(source);
    expect(frames).toBe(10);
    expect(dominantFrequency(pcm, 8000)).toBeCloseTo(1000, 0);
    source.rewind();
    expect(drain(source).frames).toBe(10);
  });

  it('a duration that is not whole frames pads the last frame with silence', () => {
    const { pcm, frames } = drain(new ToneSource({ frequencies: [1000] }, { durationMs: 25 }));
    expect(frames).toBe(2);
    expect(rms(pcm.subarray(160, 200))).toBeGreaterThan(1000);
    expect(rms(pcm.subarray(200))).toBe(0);
  });
});

describe('SilenceSource', () => {
  it('gives whole frames of zeros for its duration, rounded up', () => {
    const { pcm, frames } = drain(new SilenceSource(30));
    expect(frames).toBe(2);
    expect(pcm.every((s) => s === 0)).toBe(true);
    expect(drain(new SilenceSource(1000)).frames).toBe(50);
    expect(drain(new SilenceSource(0)).frames).toBe(0);
  });

  it('is endless by default and overwrites whatever was in the frame', () => {
    const source = new SilenceSource();
    const frame = new Int16Array(FRAME_SAMPLES).fill(123);
    for (let i = 0; i < 1000; i++) expect(source.read(frame)).toBe(true);
    expect(frame.every((s) => s === 0)).toBe(true);
  });
});

describe('DtmfSource', () => {
  it('renders digits that the in-band detector recognises, in order', () => {
    const source = new DtmfSource('19*#');
    const { pcm, frames } = drain(source);
    expect(frames).toBe(40); // 4 × (100 ms tone + 100 ms gap)
    const detector = new InbandDtmfDetector();
    const digits: string[] = [];
    for (let i = 0; i < frames; i++) {
      const event = detector.process(pcm.subarray(i * FRAME_SAMPLES, (i + 1) * FRAME_SAMPLES), i * 20);
      if (event) digits.push(event.digit);
    }
    expect(digits.join('')).toBe('19*#');
  });

  it('refuses characters that are not DTMF digits', () => {
    expect(() => new DtmfSource('12x')).toThrow(RangeError);
  });
});
