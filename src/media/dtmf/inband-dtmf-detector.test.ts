import { describe, expect, it } from 'vitest';
import { addNoise, syntheticSpeech } from '../audio/signals.test-support.js';
import { renderTone } from '../audio/tone-generator.js';
import { decodeAlaw, decodeUlaw, encodeAlaw, encodeUlaw } from '../codecs/g711.js';
import { DTMF_DIGITS, toneFrequencies } from './dtmf-digit.js';
import type { DtmfEvent } from './dtmf-event.js';
import { renderDtmf } from './dtmf-tone.js';
import { InbandDtmfDetector, type InbandDtmfDetectorOptions } from './inband-dtmf-detector.js';

const ALL = DTMF_DIGITS.join('');

/** Runs PCM through a detector in 20 ms frames, as a leg would. */
function detect(pcm: Int16Array, options?: InbandDtmfDetectorOptions): DtmfEvent[] {
  const detector = new InbandDtmfDetector(options);
  const events: DtmfEvent[] = [];
  const frame = new Int16Array(160);
  for (let start = 0; start < pcm.length; start += 160) {
    frame.fill(0);
    frame.set(pcm.subarray(start, Math.min(start + 160, pcm.length)));
    const event = detector.process(frame, (start * 1000) / 8000);
    if (event) events.push(event);
  }
  return events;
}

const digitsOf = (events: DtmfEvent[]): string => events.map((e) => e.digit).join('');

function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const silence = (ms: number): Int16Array => new Int16Array(ms * 8);

function g711(pcm: Int16Array, law: 'ulaw' | 'alaw'): Int16Array {
  const bytes = new Uint8Array(pcm.length);
  const out = new Int16Array(pcm.length);
  if (law === 'ulaw') decodeUlaw(bytes, out, encodeUlaw(pcm, bytes));
  else decodeAlaw(bytes, out, encodeAlaw(pcm, bytes));
  return out;
}

describe('InbandDtmfDetector (Goertzel, ITU-T Q.23/Q.24 checks)', () => {
  it('detects all 16 digits exactly once each, in order, with the method and start time', () => {
    const events = detect(concat(silence(100), renderDtmf(ALL)));
    expect(digitsOf(events)).toBe(ALL);
    events.forEach((e, i) => {
      expect(e.method).toBe('inband');
      expect(Math.abs(e.at - (100 + 200 * i))).toBeLessThanOrEqual(15);
    });
  });

  it.each([15, 20])('detects all 16 digits exactly once in white noise at %i dB SNR', (snr) => {
    const clean = concat(silence(100), renderDtmf(ALL), silence(100));
    const toneRms = Math.sqrt(
      Array.from(renderDtmf('5', { gapMs: 0 })).reduce((sum, s) => sum + s * s, 0) / 800,
    );
    for (const seed of [1, 2, 3]) expect(digitsOf(detect(addNoise(clean, snr, seed, toneRms)))).toBe(ALL);
  });

  it.each(['ulaw', 'alaw'] as const)('detects digits after a G.711 %s round trip with noise', (law) => {
    const pcm = concat(silence(60), renderDtmf('159#*0D'));
    expect(digitsOf(detect(g711(addNoise(pcm, 18, 5, 2500), law)))).toBe('159#*0D');
  });

  it('detects quiet digits down to about −25 dBm0 per tone, and ignores them at −40 dBm0', () => {
    expect(digitsOf(detect(renderDtmf('123', { lowDbm0: -25, highDbm0: -25 })))).toBe('123');
    expect(digitsOf(detect(renderDtmf('123', { lowDbm0: -40, highDbm0: -40 })))).toBe('');
  });

  it('reports a long press once, and the same digit twice when released in between', () => {
    expect(digitsOf(detect(renderDtmf('7', { toneMs: 2000 })))).toBe('7');
    expect(digitsOf(detect(renderDtmf('77', { toneMs: 80, gapMs: 60 })))).toBe('77');
  });

  it('needs about 40 ms of tone: 35 ms and 50 ms are digits, 20 ms is not', () => {
    expect(digitsOf(detect(renderDtmf('1234567890', { toneMs: 35, gapMs: 60 })))).toBe('1234567890');
    expect(digitsOf(detect(renderDtmf('2468', { toneMs: 50, gapMs: 50 })))).toBe('2468');
    expect(digitsOf(detect(renderDtmf('2468', { toneMs: 20, gapMs: 80 })))).toBe('');
  });

  it('accepts tones 1.5 % off their nominal frequencies and rejects 3.5 % (ITU-T Q.24)', () => {
    const offFrequency = (digit: string, deviation: number): Int16Array => {
      const [low, high] = toneFrequencies(digit);
      const lowTone = renderTone({ frequencies: [low * (1 + deviation)], levelDbm0: -10 }, 100);
      const highTone = renderTone({ frequencies: [high * (1 - deviation)], levelDbm0: -8 }, 100);
      return concat(Int16Array.from(lowTone, (s, i) => s + highTone[i]!), silence(100));
    };
    const run = (deviation: number): string =>
      digitsOf(detect(concat(...[...'1235690#D'].map((d) => offFrequency(d, deviation)))));
    expect(run(0.015)).toBe('1235690#D');
    expect(run(-0.015)).toBe('1235690#D');
    expect(run(0.035)).toBe('');
    expect(run(-0.035)).toBe('');
  });

  it('enforces twist: high tone up to 8 dB weaker or 4 dB stronger than the low tone', () => {
    expect(digitsOf(detect(renderDtmf('5', { lowDbm0: -6, highDbm0: -13 })))).toBe('5');
    expect(digitsOf(detect(renderDtmf('5', { lowDbm0: -6, highDbm0: -17 })))).toBe('');
    expect(digitsOf(detect(renderDtmf('5', { lowDbm0: -13, highDbm0: -10 })))).toBe('5');
    expect(digitsOf(detect(renderDtmf('5', { lowDbm0: -15, highDbm0: -9 })))).toBe('');
  });

  it('ignores single tones, ringback and dial-tone-like pairs', () => {
    expect(digitsOf(detect(renderTone({ frequencies: [697], levelDbm0: -6 }, 1000)))).toBe('');
    expect(digitsOf(detect(renderTone({ frequencies: [1336], levelDbm0: -6 }, 1000)))).toBe('');
    expect(digitsOf(detect(renderTone({ frequencies: [440, 480], levelDbm0: -10 }, 2000)))).toBe('');
    expect(digitsOf(detect(renderTone({ frequencies: [350, 440], levelDbm0: -10 }, 2000)))).toBe('');
    expect(digitsOf(detect(renderTone({ frequencies: [1000], levelDbm0: -3 }, 1000)))).toBe('');
  });

  it('is not triggered by speech-like signals (harmonic voices with moving pitch and formants)', () => {
    const voices = [
      syntheticSpeech(8000, { seed: 1 }),
      syntheticSpeech(8000, { seed: 2, f0Low: 160, f0High: 320 }), // higher voice
      syntheticSpeech(8000, { seed: 3, f0Low: 80, f0High: 140, vowels: ['a', 'o'] }),
      syntheticSpeech(8000, { seed: 4, vowels: ['e', 'i'], syllableRate: 2 }),
      syntheticSpeech(8000, { seed: 5, f0Low: 95, f0High: 105, vowels: ['a'], syllableRate: 1 }), // harmonics near 700/1200 Hz
      syntheticSpeech(8000, { seed: 6, peak: 30000 }), // loud
    ];
    for (const voice of voices) expect(digitsOf(detect(voice))).toBe('');
    for (const voice of voices) expect(digitsOf(detect(addNoise(voice, 20, 9)))).toBe('');
  });

  it('finds digits spoken over: a digit above speech still counts, speech alone does not', () => {
    const speech = syntheticSpeech(1200, { seed: 8, peak: 2000 });
    const tone = concat(silence(400), renderDtmf('9', { toneMs: 150, gapMs: 0 }), silence(650));
    const mixed = Int16Array.from(speech, (s, i) => s + tone[i]!);
    expect(digitsOf(detect(mixed))).toBe('9');
  });

  it('finds every digit of a long buffer in one call', () => {
    const events = new InbandDtmfDetector().processBuffer(renderDtmf('0#9'), 5000);
    expect(digitsOf(events)).toBe('0#9');
    expect(Math.abs(events[0]!.at - 5000)).toBeLessThanOrEqual(26); // within one window of the true start
  });

  it('says when a tone is present, so a bridge can mute it', () => {
    const detector = new InbandDtmfDetector();
    const pcm = renderDtmf('1', { toneMs: 200, gapMs: 200 });
    const present: boolean[] = [];
    for (let start = 0; start < pcm.length; start += 160) {
      detector.process(pcm.subarray(start, start + 160), start / 8);
      present.push(detector.tonePresent);
    }
    expect(present.slice(3, 9).every(Boolean)).toBe(true);
    expect(present.slice(14).some(Boolean)).toBe(false);
  });
});
