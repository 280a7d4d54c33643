import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RtpPacket } from './rtp-packet.js';
import { RtpParseError } from './rtp-parse-error.js';

/** The oracle of ARCHITECTURE.md: either RtpParseError, or a packet that serializes back to the very same bytes. */
function checkBytes(bytes: Uint8Array): void {
  let packet: RtpPacket;
  try {
    packet = RtpPacket.unmarshal(bytes);
  } catch (err) {
    if (err instanceof RtpParseError) return;
    throw err;
  }
  expect(packet.size()).toBe(bytes.length);
  expect(Buffer.from(packet.marshal()).equals(Buffer.from(bytes))).toBe(true);
}

const packetArb = fc.record({
  marker: fc.boolean(),
  payloadType: fc.integer({ min: 0, max: 127 }),
  sequenceNumber: fc.integer({ min: 0, max: 0xffff }),
  timestamp: fc.nat({ max: 0xffffffff }),
  ssrc: fc.nat({ max: 0xffffffff }),
  csrc: fc.array(fc.nat({ max: 0xffffffff }), { maxLength: 15 }),
  extension: fc.option(
    fc.record({ profile: fc.integer({ min: 0, max: 0xffff }), words: fc.integer({ min: 0, max: 8 }), fill: fc.nat(255) }),
  ),
  payload: fc.uint8Array({ maxLength: 200 }),
  padding: fc.integer({ min: 0, max: 255 }),
});

describe('RtpPacket fuzz', () => {
  it('random bytes: only RtpParseError escapes; what parses re-serializes identically', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => checkBytes(bytes)), { numRuns: 3000 });
  });

  it('random bytes with version 2: the same oracle, deeper into the parser', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (bytes) => {
        bytes[0] = 0x80 | (bytes[0]! & 0x3f);
        checkBytes(bytes);
      }),
      { numRuns: 5000 },
    );
  });

  it('mutated valid packets: the same oracle', () => {
    fc.assert(
      fc.property(packetArb, fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 4 }), (fields, flips) => {
        const bytes = build(fields).marshal();
        for (const [index, value] of flips) bytes[index % bytes.length] = value;
        checkBytes(bytes);
      }),
      { numRuns: 3000 },
    );
  });

  it('any valid packet round-trips field for field', () => {
    fc.assert(
      fc.property(packetArb, (fields) => {
        const original = build(fields);
        const parsed = RtpPacket.unmarshal(original.marshal());
        expect(parsed.marker).toBe(original.marker);
        expect(parsed.payloadType).toBe(original.payloadType);
        expect(parsed.sequenceNumber).toBe(original.sequenceNumber);
        expect(parsed.timestamp).toBe(original.timestamp);
        expect(parsed.ssrc).toBe(original.ssrc);
        expect(parsed.csrc).toEqual(original.csrc);
        expect(parsed.extension?.profile).toBe(original.extension?.profile);
        expect(Array.from(parsed.extension?.data ?? [])).toEqual(Array.from(original.extension?.data ?? []));
        expect(Array.from(parsed.payload)).toEqual(Array.from(original.payload));
        expect(parsed.padding.length).toBe(original.padding.length);
      }),
      { numRuns: 2000 },
    );
  });
});

function build(fields: {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  csrc: number[];
  extension: { profile: number; words: number; fill: number } | null;
  payload: Uint8Array;
  padding: number;
}): RtpPacket {
  const p = new RtpPacket();
  p.marker = fields.marker;
  p.payloadType = fields.payloadType;
  p.sequenceNumber = fields.sequenceNumber;
  p.timestamp = fields.timestamp;
  p.ssrc = fields.ssrc;
  p.csrc = fields.csrc;
  p.extension = fields.extension
    ? { profile: fields.extension.profile, data: new Uint8Array(4 * fields.extension.words).fill(fields.extension.fill) }
    : null;
  p.payload = fields.payload;
  p.setPadding(fields.padding);
  return p;
}
