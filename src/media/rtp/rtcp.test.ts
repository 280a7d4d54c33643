import { describe, expect, it } from 'vitest';
import { marshalRtcpCompound, parseRtcpCompound } from './rtcp-compound.js';
import { RtcpGoodbye } from './rtcp-goodbye.js';
import { RtcpRawPacket } from './rtcp-raw-packet.js';
import { RtcpReceiverReport } from './rtcp-receiver-report.js';
import type { RtcpReportBlock } from './rtcp-report-block.js';
import { buildRtcpReport } from './rtcp-report-builder.js';
import { RtcpSenderReport } from './rtcp-sender-report.js';
import { RtcpSourceDescription, sdesText } from './rtcp-source-description.js';
import { unixMsFromNtp } from './ntp-time.js';
import { isRtcpPacket } from './rtp-demux.js';
import { RtpParseError } from './rtp-parse-error.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const block: RtcpReportBlock = {
  ssrc: 0x11223344,
  fractionLost: 25,
  cumulativeLost: -3,
  extendedHighestSequence: 0x0001fffe,
  jitter: 80,
  lastSenderReport: 0xaabbccdd,
  delaySinceLastSenderReport: 32768,
};

const srBytes =
  '81 c8 000c' + // V=2 RC=1 PT=200 length=12 (13 words)
  'deadbeef' + // SSRC of sender
  'eb1f0400 80000000' + // NTP 2025-01-01T00:00:00.5Z
  '0000a000 00000064 00003e80' + // RTP ts, 100 packets, 16000 octets
  '11223344 19 fffffd 0001fffe 00000050 aabbccdd 00008000'; // report block

describe('RTCP sender report (RFC 3550 §6.4.1)', () => {
  it('parses every field of a known SR, and writes the same bytes back', () => {
    const sr = RtcpSenderReport.unmarshal(hex(srBytes));
    expect(sr.ssrc).toBe(0xdeadbeef);
    expect(sr.senderInfo).toEqual({
      ntpSeconds: 0xeb1f0400,
      ntpFraction: 0x80000000,
      rtpTimestamp: 0xa000,
      packetCount: 100,
      octetCount: 16000,
    });
    expect(sr.reports).toEqual([block]);
    expect(unixMsFromNtp(sr.senderInfo.ntpSeconds, sr.senderInfo.ntpFraction)).toBe(Date.UTC(2025, 0, 1) + 500);
    expect(sr.size()).toBe(52);
    expect(toHex(sr.marshal())).toBe(toHex(hex(srBytes)));
  });

  it('keeps profile-specific extension words', () => {
    const sr = new RtcpSenderReport(1, { ntpSeconds: 1, ntpFraction: 2, rtpTimestamp: 3, packetCount: 4, octetCount: 5 }, [], Uint8Array.of(1, 2, 3, 4));
    const parsed = RtcpSenderReport.unmarshal(sr.marshal());
    expect(Array.from(parsed.extension)).toEqual([1, 2, 3, 4]);
  });

  it('rejects an SR whose report count does not fit its length', () => {
    const bad = hex(srBytes);
    bad[0] = 0x82; // RC=2 with one block's worth of bytes
    expect(() => RtcpSenderReport.unmarshal(bad)).toThrow(RtpParseError);
  });
});

describe('RTCP receiver report (RFC 3550 §6.4.2)', () => {
  it('round-trips with and without report blocks', () => {
    const empty = new RtcpReceiverReport(0x01020304);
    expect(toHex(empty.marshal())).toBe('80c9000101020304');
    const rr = new RtcpReceiverReport(0x01020304, [block, { ...block, ssrc: 9, cumulativeLost: 0x7fffff }]);
    const parsed = RtcpReceiverReport.unmarshal(rr.marshal());
    expect(parsed.reports).toEqual(rr.reports);
    expect(toHex(parsed.marshal())).toBe(toHex(rr.marshal()));
  });

  it('refuses a cumulative loss outside 24 signed bits', () => {
    expect(() => new RtcpReceiverReport(1, [{ ...block, cumulativeLost: 0x800000 }]).marshal()).toThrow(RangeError);
  });
});

describe('RTCP SDES (§6.5) and BYE (§6.6)', () => {
  it('writes a CNAME chunk padded with nulls to 32 bits, and reads it back', () => {
    const sdes = RtcpSourceDescription.cname(0xdeadbeef, 'abc@holdless');
    // 4 header + 4 SSRC + 2 + 12 text + 1 END = 23 -> 24
    expect(toHex(sdes.marshal())).toBe('81ca0005deadbeef010c' + Buffer.from('abc@holdless').toString('hex') + '0000');
    const parsed = RtcpSourceDescription.unmarshal(sdes.marshal());
    expect(parsed.cnameOf(0xdeadbeef)).toBe('abc@holdless');
    expect(sdesText(parsed.chunks[0]!.items[0]!)).toBe('abc@holdless');
  });

  it('adds a whole null word when the items end on a boundary', () => {
    const sdes = RtcpSourceDescription.cname(1, 'ab'); // 2 + 2 = 4 bytes of items: END needs a new word
    expect(sdes.size()).toBe(4 + 4 + 8);
    expect(RtcpSourceDescription.unmarshal(sdes.marshal()).cnameOf(1)).toBe('ab');
  });

  it('rejects SDES chunk padding that is not null', () => {
    const bytes = RtcpSourceDescription.cname(1, 'abc').marshal();
    bytes[bytes.length - 1] = 1;
    expect(() => RtcpSourceDescription.unmarshal(bytes)).toThrow(RtpParseError);
  });

  it('round-trips BYE with and without a reason', () => {
    const bare = new RtcpGoodbye([1, 2]);
    expect(toHex(bare.marshal())).toBe('82cb00020000000100000002');
    const why = RtcpGoodbye.withReason([1], 'hangup');
    const parsed = RtcpGoodbye.unmarshal(why.marshal());
    expect(parsed.sources).toEqual([1]);
    expect(parsed.reasonText).toBe('hangup');
    expect(why.size() % 4).toBe(0);
    expect(RtcpGoodbye.unmarshal(bare.marshal()).reason).toBeNull();
  });
});

describe('compound RTCP (§6.1)', () => {
  it('builds SR + SDES + BYE for a closing leg and parses it back', () => {
    const packets = buildRtcpReport({
      ssrc: 5,
      senderInfo: { ntpSeconds: 1, ntpFraction: 2, rtpTimestamp: 3, packetCount: 4, octetCount: 5 },
      reportBlocks: [block],
      cname: 'leg-1@holdless',
      bye: { reason: 'bye' },
    });
    const bytes = marshalRtcpCompound(packets);
    expect(isRtcpPacket(bytes)).toBe(true);
    const parsed = parseRtcpCompound(bytes);
    expect(parsed.map((p) => p.packetType)).toEqual([200, 202, 203]);
    expect((parsed[0] as RtcpSenderReport).reports).toEqual([block]);
    expect((parsed[1] as RtcpSourceDescription).cnameOf(5)).toBe('leg-1@holdless');
    expect(toHex(marshalRtcpCompound(parsed))).toBe(toHex(bytes));
  });

  it('starts with an RR when nothing was sent', () => {
    const packets = buildRtcpReport({ ssrc: 5, cname: 'x' });
    expect(packets.map((p) => p.packetType)).toEqual([201, 202]);
  });

  it('keeps unknown packet types and malformed known bodies raw, so the reports around them survive', () => {
    const app = new RtcpRawPacket(204, 0, hex('00000001 6e616d65 01020304'));
    const brokenSdes = hex('81ca0002 00000001 01ff0000'); // item length 255 overruns
    const rr = new RtcpReceiverReport(7, [block]);
    const bytes = Uint8Array.from([...rr.marshal(), ...app.marshal(), ...brokenSdes]);
    const parsed = parseRtcpCompound(bytes);
    expect(parsed[0]).toBeInstanceOf(RtcpReceiverReport);
    expect(parsed[1]).toBeInstanceOf(RtcpRawPacket);
    expect(parsed[2]).toBeInstanceOf(RtcpRawPacket);
    expect(toHex(marshalRtcpCompound(parsed))).toBe(toHex(bytes));
  });

  it('accepts padding on the last packet (multiple of 4, §6.4.1) and drops it on re-serialization', () => {
    const padded = hex('a0c90002 00000007 00000004'); // RR, P=1, 4 bytes of padding
    const [rr] = parseRtcpCompound(padded);
    expect((rr as RtcpReceiverReport).ssrc).toBe(7);
    expect(toHex(rr!.marshal())).toBe('80c9000100000007');
  });

  it.each([
    ['an empty datagram', ''],
    ['version 1', '40c90001 00000007'],
    ['a length past the datagram', '80c90005 00000007'],
    ['padding not a multiple of 4', 'a0c90002 00000007 00000003'],
    ['a truncated header', '80c9'],
  ])('rejects %s with RtpParseError', (_name, bytes) => {
    expect(() => parseRtcpCompound(hex(bytes))).toThrow(RtpParseError);
  });

  it('tells RTCP from RTP on a muxed port (RFC 5761 §4)', () => {
    expect(isRtcpPacket(hex('80c8 0000'))).toBe(true);
    expect(isRtcpPacket(hex('8000 0001'))).toBe(false);
    expect(isRtcpPacket(hex('80e5 0001'))).toBe(false); // RTP, marker + PT 101
    expect(isRtcpPacket(hex('80'))).toBe(false);
  });
});
