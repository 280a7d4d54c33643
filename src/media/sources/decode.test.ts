import { describe, expect, it } from 'vitest';
import { toneAmplitude } from '../audio/goertzel.js';
import { dominantFrequency, rms } from '../audio/measure.js';
import { writeWav } from '../audio/wav-writer.js';
import { AudioLoadError } from './audio-load-error.js';
import { decodeAudio, sniffFormat } from './decode-audio.js';
import { drain, mp3Fixture, sineWav } from './fixtures.test-support.js';
import { decodeMp3, mp3Source } from './mp3-decode.js';
import { decodeWav, wavSource } from './wav-decode.js';

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AudioLoadError);
    return (e as AudioLoadError).reason;
  }
  throw new Error('expected a rejection');
}

/** The middle of a signal, away from the resampler's edges. */
const middle = (pcm: Int16Array): Int16Array => pcm.subarray(Math.floor(pcm.length / 4), Math.floor((pcm.length * 3) / 4));

describe('WAV sources', () => {
  it('a 1 kHz WAV at 44.1 kHz stereo plays as 1 kHz at 8 kHz with the right length', async () => {
    const source = await wavSource(sineWav(1000, 1, 44_100, 2));
    expect(source.durationMs).toBe(1000);
    const { pcm, frames } = drain(source);
    expect(frames).toBe(50);
    expect(dominantFrequency(middle(pcm), 8000)).toBeCloseTo(1000, 0);
    expect(toneAmplitude(middle(pcm), 1000, 8000) / 16383).toBeCloseTo(1, 2);
  });

  it.each([8000, 11_025, 16_000, 22_050, 48_000])('a %i Hz mono WAV comes out at 8 kHz with the right length', async (rate) => {
    const pcm = await decodeWav(sineWav(440, 0.4, rate));
    expect(pcm.length).toBe(3200);
    expect(dominantFrequency(middle(pcm), 8000)).toBeCloseTo(440, 0);
  });

  it('an 8 kHz 16-bit WAV is taken sample for sample', async () => {
    const samples = Int16Array.from({ length: 1000 }, (_, i) => (i * 37) % 2000 - 1000);
    expect(await decodeWav(writeWav(samples, 8000))).toEqual(samples);
  });

  it('resamples a long file in slices, yielding between them', async () => {
    let yields = 0;
    const pcm = await decodeWav(sineWav(300, 3, 44_100), { yieldFn: () => ((yields += 1), Promise.resolve()) });
    expect(pcm.length).toBe(24_000);
    expect(yields).toBeGreaterThanOrEqual(7); // 132,300 input samples in slices of 16,384
  });

  it('stops between slices when the checkpoint throws', async () => {
    let calls = 0;
    const stop = (): void => {
      if (++calls === 3) throw new AudioLoadError('aborted', 'stop');
    };
    expect(await reason(decodeWav(sineWav(300, 3, 44_100), { checkpoint: stop }))).toBe('aborted');
  });

  it('typed errors: not a WAV, an unsupported variant, a truncated or empty file', async () => {
    expect(await reason(decodeWav(new TextEncoder().encode('hello, this is not audio')))).toBe('unsupported-format');
    const adpcm = sineWav(440, 0.1, 8000);
    new DataView(adpcm.buffer).setUint16(20, 2, true); // MS ADPCM
    expect(await reason(decodeWav(adpcm))).toBe('unsupported-format');
    expect(await reason(decodeWav(sineWav(440, 0.1, 8000).subarray(0, 30)))).toBe('decode-failed');
    expect(await reason(decodeWav(writeWav(new Int16Array(0), 8000)))).toBe('decode-failed');
  });
});

describe('MP3 sources (fixtures made once with LAME 3.100, see test-data/README.md)', () => {
  it('a 1 s 1 kHz MP3 at 44.1 kHz stereo plays as 1 kHz at 8 kHz for 1 s (gapless: no encoder delay)', async () => {
    const source = await mp3Source(mp3Fixture('tone-1k-44100-stereo.mp3'));
    expect(Math.abs(source.durationMs - 1000)).toBeLessThanOrEqual(30);
    const { pcm } = drain(source);
    expect(dominantFrequency(middle(pcm), 8000)).toBeCloseTo(1000, 0);
    expect(rms(middle(pcm)) / (16383 / Math.SQRT2)).toBeGreaterThan(0.9);
    expect(rms(pcm.subarray(0, 400))).toBeGreaterThan(5000); // starts with the tone, not with padding
  });

  it('an MPEG-2 mono MP3 at 22.05 kHz: 440 Hz, 1.5 s', async () => {
    const pcm = await decodeMp3(mp3Fixture('tone-440-22050-mono.mp3'));
    // MPEG-2 granules are 576 samples; LAME's delay and padding are trimmed to within 0.1 s.
    expect(Math.abs(pcm.length / 8 - 1500)).toBeLessThan(100);
    expect(dominantFrequency(middle(pcm), 8000)).toBeCloseTo(440, 0);
  });

  it('decodes in slices with yields between them', async () => {
    let yields = 0;
    await decodeMp3(mp3Fixture('tone-440-22050-mono.mp3'), {
      yieldFn: () => ((yields += 1), Promise.resolve()),
    });
    expect(yields).toBe(0); // 6 kB: one slice
    // Slices are 16 kB: a file of four copies of the 8.9 kB fixture needs three yields.
    const one = mp3Fixture('tone-1k-44100-stereo.mp3');
    const four = new Uint8Array(one.length * 4);
    for (let i = 0; i < 4; i++) four.set(one, i * one.length);
    await decodeMp3(four, { yieldFn: () => ((yields += 1), Promise.resolve()) });
    expect(yields).toBe(Math.ceil(four.length / 16_384) - 1);
  });

  it('bytes that hold no MPEG frame fail with decode-failed', async () => {
    expect(await reason(decodeMp3(new Uint8Array(5000).fill(7)))).toBe('decode-failed');
  });
});

describe('decodeAudio: the format is sniffed from the bytes', () => {
  it('tells WAV from MPEG by content, whatever the name says', async () => {
    expect(sniffFormat(sineWav(440, 0.01, 8000), 'x.mp3')).toBe('wav');
    expect(sniffFormat(mp3Fixture('tone-1k-44100-stereo.mp3'), 'x.wav')).toBe('mpeg'); // ID3v2
    const mp3 = mp3Fixture('tone-440-22050-mono.mp3'); // no tag: starts on a frame header
    expect(sniffFormat(mp3)).toBe('mpeg');
    expect(sniffFormat(new Uint8Array(20), 'https://x/hold.mp3?v=2')).toBe('mpeg');
    expect(sniffFormat(new Uint8Array(20), 'audio/mpeg')).toBe('mpeg');
    expect(sniffFormat(new Uint8Array(20), 'x.ogg')).toBeUndefined();
    expect((await decodeAudio(sineWav(440, 0.5, 16_000))).length).toBe(4000);
    expect(Math.abs((await decodeAudio(mp3)).length - 12_000)).toBeLessThan(800);
  });

  it('anything else is unsupported-format', async () => {
    expect(await reason(decodeAudio(new TextEncoder().encode('OggS....'), 'x.ogg'))).toBe('unsupported-format');
  });
});
