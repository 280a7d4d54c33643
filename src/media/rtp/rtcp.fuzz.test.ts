import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { marshalRtcpCompound, parseRtcpCompound, type RtcpPacket } from './rtcp-compound.js';
import { readRtcpFrame } from './rtcp-header.js';
import { buildRtcpReport } from './rtcp-report-builder.js';
import { RtpParseError } from './rtp-parse-error.js';

function hasPadding(bytes: Uint8Array): boolean {
  for (let at = 0; at < bytes.length; ) {
    const frame = readRtcpFrame(bytes, at);
    if (frame.padded) return true;
    at = frame.next;
  }
  return false;
}

/** Either RtpParseError, or packets that serialize to bytes parsing to the same packets (identical without padding). */
function check(bytes: Uint8Array): void {
  let packets: RtcpPacket[];
  try {
    packets = parseRtcpCompound(bytes);
  } catch (err) {
    if (err instanceof RtpParseError) return;
    throw err;
  }
  const again = marshalRtcpCompound(packets);
  expect(parseRtcpCompound(again)).toEqual(packets);
  if (!hasPadding(bytes)) expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
}

const blockArb = fc.record({
  ssrc: fc.nat({ max: 0xffffffff }),
  fractionLost: fc.nat(255),
  cumulativeLost: fc.integer({ min: -0x800000, max: 0x7fffff }),
  extendedHighestSequence: fc.nat({ max: 0xffffffff }),
  jitter: fc.nat({ max: 0xffffffff }),
  lastSenderReport: fc.nat({ max: 0xffffffff }),
  delaySinceLastSenderReport: fc.nat({ max: 0xffffffff }),
});

const reportArb = fc.record({
  ssrc: fc.nat({ max: 0xffffffff }),
  senderInfo: fc.option(
    fc.record({
      ntpSeconds: fc.nat({ max: 0xffffffff }),
      ntpFraction: fc.nat({ max: 0xffffffff }),
      rtpTimestamp: fc.nat({ max: 0xffffffff }),
      packetCount: fc.nat({ max: 0xffffffff }),
      octetCount: fc.nat({ max: 0xffffffff }),
    }),
  ),
  reportBlocks: fc.array(blockArb, { maxLength: 4 }),
  cname: fc.string({ maxLength: 60 }).filter((s) => Buffer.byteLength(s) <= 255),
  bye: fc.option(fc.record({ reason: fc.string({ maxLength: 40 }) })),
});

describe('RTCP fuzz', () => {
  it('random bytes: only RtpParseError escapes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), check), { numRuns: 3000 });
  });

  it('random bodies behind plausible headers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 31 }), fc.integer({ min: 200, max: 206 }), fc.uint8Array({ maxLength: 120 }), (count, pt, body) => {
        const words = Math.ceil(body.length / 4);
        const bytes = new Uint8Array(4 + 4 * words);
        bytes.set([0x80 | count, pt, words >> 8, words & 0xff]);
        bytes.set(body, 4);
        check(bytes);
      }),
      { numRuns: 5000 },
    );
  });

  it('mutated valid compound reports', () => {
    fc.assert(
      fc.property(reportArb, fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 3 }), (input, flips) => {
        const bytes = marshalRtcpCompound(buildRtcpReport(input));
        check(bytes.slice());
        for (const [index, value] of flips) bytes[index % bytes.length] = value;
        check(bytes);
      }),
      { numRuns: 3000 },
    );
  });
});
