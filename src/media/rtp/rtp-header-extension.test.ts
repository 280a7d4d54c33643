import { describe, expect, it } from 'vitest';
import {
  ONE_BYTE_PROFILE,
  buildHeaderExtension,
  findHeaderExtensionElement,
  readHeaderExtensionElements,
} from './rtp-header-extension.js';
import { RtpPacket } from './rtp-packet.js';
import { RtpParseError } from './rtp-parse-error.js';

describe('RFC 8285 header extension elements', () => {
  it('reads one-byte elements, skipping padding bytes (§4.2)', () => {
    // id 1 len 1: 0x10 aa ; padding 00 ; id 2 len 2: 0x21 bb cc ; padding to 8 bytes
    const ext = { profile: ONE_BYTE_PROFILE, data: Uint8Array.of(0x10, 0xaa, 0x00, 0x21, 0xbb, 0xcc, 0, 0) };
    const elements = readHeaderExtensionElements(ext);
    expect(elements.map((e) => [e.id, Array.from(e.data)])).toEqual([
      [1, [0xaa]],
      [2, [0xbb, 0xcc]],
    ]);
    expect(findHeaderExtensionElement(ext, 2)).toEqual(Uint8Array.of(0xbb, 0xcc));
    expect(findHeaderExtensionElement(ext, 3)).toBeNull();
  });

  it('stops at ID 15 in the one-byte form', () => {
    const ext = { profile: ONE_BYTE_PROFILE, data: Uint8Array.of(0x10, 0xaa, 0xf0, 0x31) };
    expect(readHeaderExtensionElements(ext).length).toBe(1);
  });

  it('reads two-byte elements (§4.3), including zero-length ones', () => {
    const ext = { profile: 0x1000, data: Uint8Array.of(0x20, 0x00, 0x21, 0x01, 0x99, 0x00, 0x00, 0x00) };
    expect(readHeaderExtensionElements(ext).map((e) => [e.id, e.data.length])).toEqual([
      [0x20, 0],
      [0x21, 1],
    ]);
  });

  it('yields nothing for a non-RFC 8285 profile and throws RtpParseError on overruns', () => {
    expect(readHeaderExtensionElements({ profile: 1, data: new Uint8Array(4) })).toEqual([]);
    expect(() => readHeaderExtensionElements({ profile: ONE_BYTE_PROFILE, data: Uint8Array.of(0x13, 1, 2, 3) })).toThrow(
      RtpParseError,
    );
  });

  it('builds the one-byte form when it fits, the two-byte form otherwise, and round-trips through a packet', () => {
    const small = buildHeaderExtension([{ id: 1, data: Uint8Array.of(0x80 | 30) }]); // RFC 6464 audio level
    expect(small.profile).toBe(ONE_BYTE_PROFILE);
    expect(small.data.length).toBe(4);
    const big = buildHeaderExtension([{ id: 20, data: new Uint8Array(20).fill(7) }]);
    expect(big.profile).toBe(0x1000);
    const p = new RtpPacket();
    p.extension = big;
    const parsed = RtpPacket.unmarshal(p.marshal());
    expect(readHeaderExtensionElements(parsed.extension!)).toEqual([{ id: 20, data: new Uint8Array(20).fill(7) }]);
  });
});
