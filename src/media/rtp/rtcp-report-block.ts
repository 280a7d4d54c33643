/**
 * A reception report block (RFC 3550 §6.4.1), carried in SR and RR packets: what we received from one source.
 *
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *    |                 SSRC_1 (SSRC of first source)                 |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    | fraction lost |       cumulative number of packets lost       |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |           extended highest sequence number received           |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                      interarrival jitter                      |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                         last SR (LSR)                         |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                   delay since last SR (DLSR)                  |
 *    +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 */
import { readU32, writeU32 } from './byte-order.js';

export const REPORT_BLOCK_SIZE = 24;

export interface RtcpReportBlock {
  ssrc: number;
  /** Lost fraction since the previous report, in 1/256 (8-bit fixed point). */
  fractionLost: number;
  /** Cumulative packets lost: a signed 24-bit value (negative with duplicates). */
  cumulativeLost: number;
  extendedHighestSequence: number;
  /** Interarrival jitter in timestamp units (A.8). */
  jitter: number;
  /** Middle 32 bits of the NTP time of the last SR received from this source, or 0. */
  lastSenderReport: number;
  /** Delay since that SR in 1/65536 s, or 0. */
  delaySinceLastSenderReport: number;
}

export function readReportBlock(buf: Uint8Array, at: number): RtcpReportBlock {
  const lost = ((buf[at + 5]! << 16) | (buf[at + 6]! << 8) | buf[at + 7]!) << 8 >> 8; // sign-extend 24 bits
  return {
    ssrc: readU32(buf, at),
    fractionLost: buf[at + 4]!,
    cumulativeLost: lost,
    extendedHighestSequence: readU32(buf, at + 8),
    jitter: readU32(buf, at + 12),
    lastSenderReport: readU32(buf, at + 16),
    delaySinceLastSenderReport: readU32(buf, at + 20),
  };
}

export function writeReportBlock(buf: Uint8Array, at: number, block: RtcpReportBlock): void {
  if (block.cumulativeLost < -0x800000 || block.cumulativeLost > 0x7fffff) {
    throw new RangeError(`cumulative lost ${block.cumulativeLost} does not fit 24 signed bits`);
  }
  writeU32(buf, at, block.ssrc);
  buf[at + 4] = block.fractionLost & 0xff;
  const lost = block.cumulativeLost & 0xffffff;
  buf[at + 5] = lost >>> 16;
  buf[at + 6] = (lost >>> 8) & 0xff;
  buf[at + 7] = lost & 0xff;
  writeU32(buf, at + 8, block.extendedHighestSequence);
  writeU32(buf, at + 12, block.jitter);
  writeU32(buf, at + 16, block.lastSenderReport);
  writeU32(buf, at + 20, block.delaySinceLastSenderReport);
}
