import { describe, expect, it } from 'vitest';
import { RtpPacket } from './rtp-packet.js';
import { RtpParseError } from './rtp-parse-error.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('RtpPacket (RFC 3550 §5.1)', () => {
  it('parses a G.711 packet: V=2, M=1, PT 0, sequence, timestamp, SSRC, payload view', () => {
    const bytes = hex('80 80 1234 0000a0a0 deadbeef' + 'ff'.repeat(160));
    const p = RtpPacket.unmarshal(bytes);
    expect(p.marker).toBe(true);
    expect(p.payloadType).toBe(0);
    expect(p.sequenceNumber).toBe(0x1234);
    expect(p.timestamp).toBe(0xa0a0);
    expect(p.ssrc).toBe(0xdeadbeef);
    expect(p.csrc).toEqual([]);
    expect(p.extension).toBeNull();
    expect(p.payload.length).toBe(160);
    expect(p.payload.buffer).toBe(bytes.buffer); // a view, not a copy
    expect(p.size()).toBe(172);
    expect(toHex(p.marshal())).toBe(toHex(bytes));
  });

  it('round-trips CSRCs, a §5.3.1 extension and padding byte for byte', () => {
    const bytes = hex(
      'b2 e0 698f d9c293da 1c642782' + // V=2 P=1 X=1 CC=2, M=1 PT=96
        '00000001 00000002' + // CSRCs
        '0001 0001 ffffffff' + // profile 1, one word
        '98 36 be 88 9e' + // payload
        '00 00 03', // three bytes of padding
    );
    const p = RtpPacket.unmarshal(bytes);
    expect(p.csrc).toEqual([1, 2]);
    expect(p.extension?.profile).toBe(1);
    expect(toHex(p.extension!.data)).toBe('ffffffff');
    expect(toHex(p.payload)).toBe('9836be889e');
    expect(p.padding.length).toBe(3);
    expect(p.size()).toBe(bytes.length);
    expect(toHex(p.marshal())).toBe(toHex(bytes));
  });

  it('keeps non-zero padding content (free for the sender, §5.1) on re-serialization', () => {
    const bytes = hex('a0 00 0001 00000001 00000001 aa bb cc dd 77 88 03');
    expect(toHex(RtpPacket.unmarshal(bytes).marshal())).toBe(toHex(bytes));
  });

  it('builds a packet from fields and writes it at an offset of a caller buffer', () => {
    const p = new RtpPacket();
    p.payloadType = 8;
    p.sequenceNumber = 65535;
    p.timestamp = 0xffffffff;
    p.ssrc = 42;
    p.payload = new Uint8Array(160).fill(0xd5);
    const buf = new Uint8Array(200);
    expect(p.marshalTo(buf, 10)).toBe(172);
    expect(toHex(buf.subarray(10, 22))).toBe('8008ffffffffffff0000002a');
    p.setPadding(4);
    expect(p.size()).toBe(176);
    const again = RtpPacket.unmarshal(p.marshal());
    expect(again.padding.length).toBe(4);
    expect(again.payload.length).toBe(160);
  });

  it('refills one packet object for every datagram (no stale CSRCs or extension)', () => {
    const p = new RtpPacket();
    p.unmarshalFrom(hex('92 00 0001 00000001 00000001 0000000a 0000000b 0001 0000 aa'));
    expect(p.csrc).toEqual([10, 11]);
    p.unmarshalFrom(hex('80 00 0002 00000001 00000001 bb'));
    expect(p.csrc).toEqual([]);
    expect(p.extension).toBeNull();
    expect(p.sequenceNumber).toBe(2);
  });

  it.each([
    ['shorter than the fixed header', '80 00 0001 00000001 000000', 'truncated'],
    ['version 1', '40 00 0001 00000001 00000001', 'version'],
    ['CSRC list past the end', '83 00 0001 00000001 00000001 00000001', 'truncated'],
    ['extension header past the end', '90 00 0001 00000001 00000001 0001', 'truncated'],
    ['extension longer than the packet', '90 00 0001 00000001 00000001 0001 0002 00000000', 'extension'],
    ['padding count 0', 'a0 00 0001 00000001 00000001 aa 00', 'padding'],
    ['padding count beyond the payload', 'a0 00 0001 00000001 00000001 aa 05', 'padding'],
  ])('rejects %s with RtpParseError', (_name, bytes, reason) => {
    try {
      RtpPacket.unmarshal(hex(bytes));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(RtpParseError);
      expect((err as RtpParseError).reason).toBe(reason);
    }
  });

  it('refuses to serialize out-of-range fields', () => {
    const p = new RtpPacket();
    p.payloadType = 128;
    expect(() => p.marshal()).toThrow(RangeError);
    p.payloadType = 0;
    p.csrc = new Array<number>(16).fill(1);
    expect(() => p.marshal()).toThrow(RangeError);
    p.csrc = [];
    p.padding = Uint8Array.of(0, 0, 2);
    expect(() => p.marshal()).toThrow(RangeError);
    p.padding = new Uint8Array(0);
    expect(() => p.marshalTo(new Uint8Array(11))).toThrow(RangeError);
  });
});
