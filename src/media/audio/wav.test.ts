import { describe, expect, it } from 'vitest';
import { encodeAlaw, encodeUlaw } from '../codecs/g711.js';
import { toneAmplitude } from './goertzel.js';
import { wavToPcm8k } from './prompt-audio.js';
import { sine } from './signals.test-support.js';
import { WavError } from './wav-error.js';
import { readWav } from './wav-reader.js';
import { writeWav } from './wav-writer.js';

interface Fixture {
  tag: number;
  channels: number;
  rate: number;
  bits: number;
  data: Uint8Array;
  extensible?: boolean;
  extraChunks?: Uint8Array[];
  streamed?: boolean;
}

function chunk(id: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + body.length + (body.length & 1));
  out.set(Buffer.from(id, 'latin1'));
  new DataView(out.buffer).setUint32(4, body.length, true);
  out.set(body, 8);
  return out;
}

/** Builds a WAV file by hand, independent of the writer under test. */
function wav(f: Fixture): Uint8Array {
  const fmt = new Uint8Array(f.extensible ? 40 : 16);
  const v = new DataView(fmt.buffer);
  const blockAlign = (f.channels * f.bits) / 8;
  v.setUint16(0, f.extensible ? 0xfffe : f.tag, true);
  v.setUint16(2, f.channels, true);
  v.setUint32(4, f.rate, true);
  v.setUint32(8, f.rate * blockAlign, true);
  v.setUint16(12, blockAlign, true);
  v.setUint16(14, f.bits, true);
  if (f.extensible) {
    v.setUint16(16, 22, true); // cbSize
    v.setUint16(18, f.bits, true); // valid bits
    v.setUint32(20, f.channels === 2 ? 3 : 4, true); // channel mask
    v.setUint16(24, f.tag, true); // sub-format GUID starts with the tag
    fmt.set([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], 26);
  }
  const data = chunk('data', f.data);
  if (f.streamed) new DataView(data.buffer).setUint32(4, 0xffffffff, true);
  const body = [Buffer.from('WAVE'), chunk('fmt ', fmt), ...(f.extraChunks ?? []), data];
  const size = body.reduce((n, b) => n + b.length, 0);
  const out = new Uint8Array(8 + size);
  out.set(Buffer.from('RIFF'));
  new DataView(out.buffer).setUint32(4, f.streamed ? 0xffffffff : size, true);
  let at = 8;
  for (const b of body) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

const tone = sine(440, 800, 0.5, 8000);

function encode(bits: number, float = false): Uint8Array {
  const out = new Uint8Array((tone.length * bits) / 8);
  const v = new DataView(out.buffer);
  tone.forEach((x, i) => {
    const at = (i * bits) / 8;
    if (float) {
      if (bits === 32) v.setFloat32(at, x, true);
      else v.setFloat64(at, x, true);
    } else if (bits === 8) v.setUint8(at, Math.round(x * 127) + 128);
    else if (bits === 16) v.setInt16(at, Math.round(x * 32767), true);
    else if (bits === 24) {
      const s = Math.round(x * 8388607);
      v.setUint8(at, s & 0xff);
      v.setUint8(at + 1, (s >> 8) & 0xff);
      v.setUint8(at + 2, (s >> 16) & 0xff);
    } else v.setInt32(at, Math.round(x * 2147483647), true);
  });
  return out;
}

const pcm16 = Int16Array.from(tone, (x) => Math.round(x * 32767));

describe('readWav', () => {
  it.each([
    ['8-bit PCM', 1, 8, false, 0.01],
    ['16-bit PCM', 1, 16, false, 1e-4],
    ['24-bit PCM', 1, 24, false, 1e-6],
    ['32-bit PCM', 1, 32, false, 1e-6],
    ['32-bit float', 3, 32, true, 1e-7],
    ['64-bit float', 3, 64, true, 1e-7],
  ])('reads %s', (_name, tag, bits, float, tolerance) => {
    const audio = readWav(wav({ tag, channels: 1, rate: 8000, bits, data: encode(bits, float) }));
    expect(audio.sampleRate).toBe(8000);
    expect(audio.samples.length).toBe(tone.length);
    for (let i = 0; i < tone.length; i++) expect(Math.abs(audio.samples[i]! - tone[i]!)).toBeLessThan(tolerance);
  });

  it.each([
    ['A-law (tag 6)', 6, encodeAlaw],
    ['µ-law (tag 7)', 7, encodeUlaw],
  ])('reads G.711 %s', (_name, tag, encoder) => {
    const bytes = new Uint8Array(pcm16.length);
    encoder(pcm16, bytes);
    const audio = readWav(wav({ tag, channels: 1, rate: 8000, bits: 8, data: bytes }));
    expect(toneAmplitude(audio.samples, 440, 8000)).toBeCloseTo(0.5, 1);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE and mixes stereo to mono', () => {
    const stereo = new Uint8Array(pcm16.length * 4);
    const v = new DataView(stereo.buffer);
    pcm16.forEach((s, i) => {
      v.setInt16(4 * i, s, true); // left: the tone
      v.setInt16(4 * i + 2, 0, true); // right: silence
    });
    const audio = readWav(wav({ tag: 1, channels: 2, rate: 16000, bits: 16, data: stereo, extensible: true }));
    expect(audio.format.formatTag).toBe(1);
    expect(audio.format.channels).toBe(2);
    expect(audio.samples.length).toBe(pcm16.length);
    expect(audio.samples[10]).toBeCloseTo(pcm16[10]! / 2 / 32768, 6);
  });

  it('skips unknown chunks, with their odd-size pad byte, and reads a streamed (size 0xFFFFFFFF) data chunk', () => {
    const list = chunk('LIST', Uint8Array.of(1, 2, 3)); // odd size: a pad byte follows
    const audio = readWav(wav({ tag: 1, channels: 1, rate: 22050, bits: 16, data: encode(16), extraChunks: [list], streamed: true }));
    expect(audio.samples.length).toBe(tone.length);
    expect(audio.sampleRate).toBe(22050);
  });

  it.each([
    ['not RIFF', Buffer.from('hello world, this is not a wav'), 'not-riff'],
    ['empty', new Uint8Array(0), 'not-riff'],
    ['no fmt', Uint8Array.from([...Buffer.from('RIFF'), 12, 0, 0, 0, ...Buffer.from('WAVE'), ...chunk('data', new Uint8Array(4))]), 'no-format'],
    ['no data', wav({ tag: 1, channels: 1, rate: 8000, bits: 16, data: new Uint8Array(0) }).subarray(0, 36), 'no-data'],
    ['MP3 in WAV (tag 0x55)', wav({ tag: 0x55, channels: 1, rate: 8000, bits: 16, data: new Uint8Array(4) }), 'unsupported'],
    ['12-bit PCM', wav({ tag: 1, channels: 1, rate: 8000, bits: 12, data: new Uint8Array(4) }), 'unsupported'],
  ])('throws WavError for %s', (_name, bytes, reason) => {
    try {
      readWav(bytes);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(WavError);
      expect((err as WavError).reason).toBe(reason);
    }
  });

  it('never throws anything but WavError on mangled files', () => {
    const good = wav({ tag: 1, channels: 2, rate: 44100, bits: 16, data: new Uint8Array(400) });
    for (let i = 0; i < 2000; i++) {
      const bad = good.slice(0, 20 + ((i * 7919) % good.length));
      bad[(i * 104729) % bad.length] = (i * 31) & 0xff;
      try {
        readWav(bad);
      } catch (err) {
        expect(err).toBeInstanceOf(WavError);
      }
    }
  });
});

describe('writeWav', () => {
  it('writes 16-bit mono PCM that reads back sample for sample', () => {
    const bytes = writeWav(pcm16, 8000);
    expect(bytes.length).toBe(44 + 2 * pcm16.length);
    const audio = readWav(bytes);
    expect(audio.format).toEqual({ formatTag: 1, channels: 1, sampleRate: 8000, bitsPerSample: 16, blockAlign: 2 });
    expect(Array.from(audio.samples, (x) => Math.round(x * 32768))).toEqual(Array.from(pcm16));
  });
});

describe('wavToPcm8k', () => {
  it('turns a 22,050 Hz espeak-like WAV into 8 kHz 16-bit PCM of the right length and pitch', () => {
    const src = Int16Array.from(sine(500, 22050, 0.4, 22050), (x) => Math.round(x * 32767));
    const pcm = wavToPcm8k(writeWav(src, 22050));
    expect(pcm.length).toBe(8000);
    expect(toneAmplitude(pcm.subarray(2000, 6000), 500, 8000) / 32768).toBeCloseTo(0.4, 2);
  });
});
