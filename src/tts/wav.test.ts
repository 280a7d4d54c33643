import { describe, expect, it } from 'vitest';
import { TtsError } from './tts-error.js';
import { encodeWav16, parseWav16 } from './wav.js';

function header(opts: { format?: number; channels?: number; rate?: number; bits?: number; dataSize?: number; extensible?: boolean }): number[] {
  const { format = 1, channels = 1, rate = 22050, bits = 16, dataSize = 0xffffffff, extensible = false } = opts;
  const bytes: number[] = [];
  const str = (s: string): void => void bytes.push(...[...s].map((c) => c.charCodeAt(0)));
  const u32 = (n: number): void => void bytes.push(n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255);
  const u16 = (n: number): void => void bytes.push(n & 255, (n >>> 8) & 255);
  str('RIFF');
  u32(0xffffffff);
  str('WAVE');
  str('LIST'); // an unrelated chunk of odd size (padded) before fmt, as some encoders write
  u32(3);
  bytes.push(1, 2, 3, 0);
  str('fmt ');
  u32(extensible ? 40 : 16);
  u16(extensible ? 0xfffe : format);
  u16(channels);
  u32(rate);
  u32(rate * channels * (bits / 8));
  u16(channels * (bits / 8));
  u16(bits);
  if (extensible) {
    u16(22);
    u16(bits);
    u32(channels === 1 ? 4 : 3);
    u16(format);
    bytes.push(0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71);
  }
  str('data');
  u32(dataSize);
  return bytes;
}

function le16(values: number[]): number[] {
  return values.flatMap((v) => [v & 255, (v >> 8) & 255]);
}

function reasonOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TtsError);
    return (e as TtsError).reason;
  }
  return 'no error';
}

describe('parseWav16', () => {
  it('round-trips what encodeWav16 writes', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
    const parsed = parseWav16(encodeWav16({ sampleRate: 16000, samples }));
    expect(parsed.sampleRate).toBe(16000);
    expect([...parsed.samples]).toEqual([...samples]);
  });

  it('reads to the end of the file when the sizes are the pipe placeholder (0xFFFFFFFF), skipping other chunks', () => {
    const wav = Uint8Array.from([...header({}), ...le16([100, -100, 7])]);
    expect([...parseWav16(wav).samples]).toEqual([100, -100, 7]);
  });

  it('averages stereo to mono and accepts WAVE_FORMAT_EXTENSIBLE PCM', () => {
    const wav = Uint8Array.from([...header({ channels: 2, extensible: true, rate: 24000 }), ...le16([100, 300, -50, -150])]);
    const parsed = parseWav16(wav);
    expect(parsed.sampleRate).toBe(24000);
    expect([...parsed.samples]).toEqual([200, -100]);
  });

  it('drops a trailing odd byte', () => {
    const wav = Uint8Array.from([...header({}), ...le16([5, 6]), 9]);
    expect([...parseWav16(wav).samples]).toEqual([5, 6]);
  });

  it.each([
    ['not RIFF', Uint8Array.from([...'RIFX0000WAVE'].map((c) => c.charCodeAt(0)))],
    ['too short', new Uint8Array(4)],
    ['8-bit', Uint8Array.from(header({ bits: 8 }))],
    ['IEEE float', Uint8Array.from(header({ format: 3, bits: 32 }))],
    ['no data chunk', Uint8Array.from(header({}).slice(0, -8))],
  ])('rejects %s with engine-failed', (_name, bytes) => {
    expect(reasonOf(() => parseWav16(bytes))).toBe('engine-failed');
  });
});
