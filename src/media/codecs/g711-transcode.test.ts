import { describe, expect, it } from 'vitest';
import { ALAW_DECODE, ULAW_DECODE } from './g711.js';
import { ALAW_TO_ULAW, ULAW_TO_ALAW, transcodeG711 } from './g711-transcode.js';
import { PCMA, PCMU, g711TranscodeTable } from './g711-codec.js';

describe('PCMU ↔ PCMA transcoding', () => {
  it('maps every code to the nearest value of the other law', () => {
    for (let code = 0; code < 256; code++) {
      const value = ULAW_DECODE[code]!;
      const mapped = ALAW_DECODE[ULAW_TO_ALAW[code]!]!;
      for (let other = 0; other < 256; other++) {
        expect(Math.abs(mapped - value)).toBeLessThanOrEqual(Math.abs(ALAW_DECODE[other]! - value));
      }
    }
  });

  it('keeps the sign and maps silence to silence', () => {
    expect(ULAW_TO_ALAW[0xff]).toBe(0xd5);
    expect(ALAW_TO_ULAW[0xd5]).toBe(0xfe); // A-law's smallest step (+8) exists in µ-law too
    for (let code = 0; code < 256; code++) {
      expect(Math.sign(ALAW_DECODE[ULAW_TO_ALAW[code]!]!) * Math.sign(ULAW_DECODE[code]!)).toBeGreaterThanOrEqual(0);
    }
  });

  it('round-trips all but the 16 codes per direction where the steps of the laws differ', () => {
    let aLost = 0;
    let uLost = 0;
    for (let code = 0; code < 256; code++) {
      if (ULAW_TO_ALAW[ALAW_TO_ULAW[code]!] !== code) aLost++;
      if (ALAW_TO_ULAW[ULAW_TO_ALAW[code]!] !== code) uLost++;
    }
    expect(aLost).toBe(16);
    expect(uLost).toBe(16);
  });

  it('transcodes a payload in place', () => {
    const payload = Uint8Array.of(0xff, 0x7f, 0x80, 0x00);
    transcodeG711(ULAW_TO_ALAW, payload, payload);
    expect(Array.from(payload)).toEqual([0xd5, ULAW_TO_ALAW[0x7f], ULAW_TO_ALAW[0x80], ULAW_TO_ALAW[0x00]]);
    expect(() => transcodeG711(ULAW_TO_ALAW, payload, new Uint8Array(2))).toThrow(RangeError);
  });

  it('picks no table when both legs use the same law', () => {
    expect(g711TranscodeTable(PCMU, PCMU)).toBeNull();
    expect(g711TranscodeTable(PCMU, PCMA)).toBe(ULAW_TO_ALAW);
    expect(g711TranscodeTable(PCMA, PCMU)).toBe(ALAW_TO_ULAW);
  });
});
