/**
 * The header every RTCP packet starts with (RFC 3550 §6.4.1), and the framing helpers the packet types share.
 *
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |V=2|P|  count  |      PT       |             length            |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * `count` is the report count (SR, RR), source count (SDES, BYE) or a subtype (APP, feedback). `length` is the
 * packet's size in 32-bit words minus one, header and padding included. With P set, the last octet of the packet
 * counts the padding octets, itself included, a multiple of four (§6.4.1).
 */
import { readU16, writeU16 } from './byte-order.js';
import { RtpParseError } from './rtp-parse-error.js';

export const RTCP_SR = 200;
export const RTCP_RR = 201;
export const RTCP_SDES = 202;
export const RTCP_BYE = 203;
export const RTCP_APP = 204;
export const RTCP_HEADER_SIZE = 4;

/** One RTCP packet located inside a datagram. */
export interface RtcpFrame {
  packetType: number;
  count: number;
  /** The packet after its 4-byte header, padding removed (a view). */
  body: Uint8Array;
  /** Whether the P bit was set. */
  padded: boolean;
  /** Offset of the next packet in the datagram. */
  next: number;
}

/** Reads the packet starting at `at` in a (compound) datagram. Throws RtpParseError. */
export function readRtcpFrame(buf: Uint8Array, at: number): RtcpFrame {
  if (at + RTCP_HEADER_SIZE > buf.length) throw new RtpParseError('truncated', 'RTCP header does not fit', at);
  const b0 = buf[at]!;
  if (b0 >> 6 !== 2) throw new RtpParseError('version', `RTCP version ${b0 >> 6}, expected 2`, at);
  const byteLength = 4 * (readU16(buf, at + 2) + 1);
  if (at + byteLength > buf.length) throw new RtpParseError('length', `RTCP length ${byteLength} overruns the datagram`, at);
  let end = at + byteLength;
  const padded = (b0 & 0x20) !== 0;
  if (padded) {
    const count = buf[end - 1]!;
    // §6.4.1: the count includes itself and "will be a multiple of four"; it cannot eat into the header.
    if (count === 0 || count % 4 !== 0 || count > byteLength - RTCP_HEADER_SIZE) {
      throw new RtpParseError('padding', `RTCP padding count ${count} invalid`, end - 1);
    }
    end -= count;
  }
  return {
    packetType: buf[at + 1]!,
    count: b0 & 0x1f,
    body: buf.subarray(at + RTCP_HEADER_SIZE, end),
    padded,
    next: at + byteLength,
  };
}

/** Reads a datagram that must hold exactly one packet of type `packetType`. */
export function readSingleRtcpFrame(buf: Uint8Array, packetType: number): RtcpFrame {
  const frame = readRtcpFrame(buf, 0);
  if (frame.packetType !== packetType) {
    throw new RtpParseError('packet-type', `RTCP packet type ${frame.packetType}, expected ${packetType}`, 1);
  }
  if (frame.next !== buf.length) throw new RtpParseError('length', 'bytes after the RTCP packet', frame.next);
  return frame;
}

/** Writes a header for a packet of `totalBytes` (a multiple of 4, header included), without padding. */
export function writeRtcpHeader(buf: Uint8Array, at: number, count: number, packetType: number, totalBytes: number): void {
  if (count < 0 || count > 31) throw new RangeError(`RTCP count ${count} does not fit 5 bits`);
  if (totalBytes % 4 !== 0 || totalBytes < 4 || totalBytes > 4 * 0x10000) throw new RangeError(`RTCP size ${totalBytes}`);
  buf[at] = 0x80 | count;
  buf[at + 1] = packetType;
  writeU16(buf, at + 2, totalBytes / 4 - 1);
}

/** Throws unless `total` bytes fit in `buf` from `offset`. */
export function checkRoom(buf: Uint8Array, offset: number, total: number): void {
  if (offset < 0 || offset + total > buf.length) throw new RangeError(`RTCP packet of ${total} bytes does not fit`);
}
