import { alaw, mulaw } from 'alawmulaw';
import { describe, expect, it } from 'vitest';
import { ALAW_DECODE, ULAW_DECODE, decodeAlaw, decodeUlaw, encodeAlaw, encodeUlaw } from './g711.js';
import { alawDecodeSample, alawEncodeSample, ulawDecodeSample, ulawEncodeSample } from './g711-reference.js';
import { PCMA, PCMU, g711Codec } from './g711-codec.js';

const allSamples = new Int16Array(65536);
for (let i = 0; i < 65536; i++) allSamples[i] = i - 32768;
const allCodes = new Uint8Array(256);
for (let i = 0; i < 256; i++) allCodes[i] = i;

describe('G.711 µ-law (PCMU)', () => {
  it('encodes all 65,536 samples exactly as alawmulaw does', () => {
    const ours = new Uint8Array(65536);
    encodeUlaw(allSamples, ours);
    expect(Buffer.from(ours).equals(Buffer.from(mulaw.encode(allSamples)))).toBe(true);
  });

  it('decodes all 256 codes exactly as alawmulaw does', () => {
    const ours = new Int16Array(256);
    decodeUlaw(allCodes, ours);
    expect(Array.from(ours)).toEqual(Array.from(mulaw.decode(allCodes)));
  });

  it('table and segment formula agree on every input', () => {
    for (let x = -32768; x < 32768; x++) {
      const table = new Uint8Array(1);
      encodeUlaw(Int16Array.of(x), table);
      if (table[0] !== ulawEncodeSample(x)) throw new Error(`differs at ${x}`);
    }
  });

  it('matches the G.711 reference points (Table 2, codes inverted on the line)', () => {
    expect(ulawEncodeSample(0)).toBe(0xff); // positive zero
    expect(ulawEncodeSample(32767)).toBe(0x80); // most positive
    expect(ulawEncodeSample(-32768)).toBe(0x00); // most negative
    expect(ULAW_DECODE[0xff]).toBe(0);
    expect(ULAW_DECODE[0x7f]).toBe(0); // negative zero
    expect(ULAW_DECODE[0x80]).toBe(32124); // 8031 in the 14-bit domain, × 4
    expect(ULAW_DECODE[0x00]).toBe(-32124);
    // Segment end points of Table 2 (14-bit decoder outputs 1, 33·2^k - 33 region starts), scaled by 4.
    expect(ulawDecodeSample(0xfe)).toBe(8); // first step above zero: 2 × 4
    expect(ulawDecodeSample(0xef)).toBe(132); // segment 1 starts at 33 (× 4)
    expect(ulawDecodeSample(0xdf)).toBe(396);
    expect(ulawDecodeSample(0x8f)).toBe(16764);
  });

  it('every sample decodes to within half a quantisation step (the decision interval of G.711 Table 2)', () => {
    const codes = new Uint8Array(65536);
    const back = new Int16Array(65536);
    encodeUlaw(allSamples, codes);
    decodeUlaw(codes, back);
    for (let i = 0; i < 65536; i++) {
      const x = allSamples[i]!;
      const magnitude = Math.min(Math.abs(x), 32124);
      const exponent = Math.max(0, 31 - Math.clz32((magnitude + 132) >> 7));
      const step = 8 << exponent;
      if (Math.abs(Math.max(-32124, Math.min(32124, x)) - back[i]!) > step / 2 + 4) throw new Error(`error too big at ${x}`);
    }
  });
});

describe('G.711 A-law (PCMA)', () => {
  it('encodes all 65,536 samples exactly as alawmulaw does', () => {
    const ours = new Uint8Array(65536);
    encodeAlaw(allSamples, ours);
    expect(Buffer.from(ours).equals(Buffer.from(alaw.encode(allSamples)))).toBe(true);
  });

  it('decodes all 256 codes exactly as alawmulaw does', () => {
    const ours = new Int16Array(256);
    decodeAlaw(allCodes, ours);
    expect(Array.from(ours)).toEqual(Array.from(alaw.decode(allCodes)));
  });

  it('table and segment formula agree on every input', () => {
    const out = new Uint8Array(65536);
    encodeAlaw(allSamples, out);
    for (let i = 0; i < 65536; i++) if (out[i] !== alawEncodeSample(allSamples[i]!)) throw new Error(`differs at ${i}`);
    for (let c = 0; c < 256; c++) expect(ALAW_DECODE[c]).toBe(alawDecodeSample(c));
  });

  it('matches the G.711 reference points (Table 1, even bits inverted)', () => {
    expect(alawEncodeSample(0)).toBe(0xd5);
    expect(alawEncodeSample(-1)).toBe(0x55);
    expect(alawEncodeSample(32767)).toBe(0xaa);
    expect(alawEncodeSample(-32768)).toBe(0x2a);
    expect(ALAW_DECODE[0xd5]).toBe(8); // 1 in the 13-bit domain, × 8
    expect(ALAW_DECODE[0x55]).toBe(-8);
    expect(ALAW_DECODE[0xaa]).toBe(32256); // 4032 × 8
    expect(ALAW_DECODE[0x2a]).toBe(-32256);
  });

  it('every sample decodes to within half a quantisation step (G.711 Table 1)', () => {
    const codes = new Uint8Array(65536);
    const back = new Int16Array(65536);
    encodeAlaw(allSamples, codes);
    decodeAlaw(codes, back);
    for (let i = 0; i < 65536; i++) {
      const x = allSamples[i]!;
      const magnitude = Math.abs(x);
      const segment = magnitude < 512 ? 0 : 31 - Math.clz32(magnitude >> 8);
      const step = 16 << Math.max(0, segment);
      if (Math.abs(Math.max(-32256, Math.min(32256, x)) - back[i]!) > step / 2 + 8) throw new Error(`error too big at ${x}`);
    }
  });
});

describe('frame functions', () => {
  it('encode and decode a 160-sample frame in caller buffers, honouring count', () => {
    const pcm = new Int16Array(160).map((_, i) => Math.round(8000 * Math.sin(i / 5)));
    const bytes = new Uint8Array(172).fill(0x77);
    expect(encodeUlaw(pcm, bytes.subarray(12), 160)).toBe(160);
    expect(bytes[11]).toBe(0x77);
    const back = new Int16Array(160);
    decodeUlaw(bytes.subarray(12), back);
    for (let i = 0; i < 160; i++) expect(Math.abs(back[i]! - pcm[i]!)).toBeLessThanOrEqual(256);
  });

  it('rejects a count larger than a buffer', () => {
    expect(() => encodeAlaw(new Int16Array(10), new Uint8Array(5))).toThrow(RangeError);
    expect(() => decodeAlaw(new Uint8Array(10), new Int16Array(10), 11)).toThrow(RangeError);
  });

  it('names the codecs by SDP name and payload type (RFC 3551 §6)', () => {
    expect(g711Codec('pcmu')).toBe(PCMU);
    expect(g711Codec(8)).toBe(PCMA);
    expect(g711Codec('opus')).toBeNull();
    expect(g711Codec(18)).toBeNull();
  });
});
