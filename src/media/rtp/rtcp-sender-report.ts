/**
 * RTCP sender report, SR (RFC 3550 §6.4.1): sent by a participant that sent RTP since its last report.
 *
 *        0                   1                   2                   3
 *        0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    RC   |   PT=SR=200   |             length            |
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       |                         SSRC of sender                        |
 *       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * sender |              NTP timestamp, most significant word             |
 * info   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       |             NTP timestamp, least significant word             |
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       |                         RTP timestamp                         |
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       |                     sender's packet count                     |
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       |                      sender's octet count                     |
 *       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *       |                 report blocks (RC × 24 octets)                |
 *       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *       |                  profile-specific extensions                  |
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
import { readU32, writeU32 } from './byte-order.js';
import { RTCP_HEADER_SIZE, RTCP_SR, checkRoom, readSingleRtcpFrame, writeRtcpHeader } from './rtcp-header.js';
import { REPORT_BLOCK_SIZE, type RtcpReportBlock, readReportBlock, writeReportBlock } from './rtcp-report-block.js';
import { RtpParseError } from './rtp-parse-error.js';

export interface RtcpSenderInfo {
  ntpSeconds: number;
  ntpFraction: number;
  /** The RTP timestamp of the same instant as the NTP time (§6.4.1). */
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
}

const EMPTY = new Uint8Array(0);
const FIXED = 4 + 20; // SSRC + sender info

export class RtcpSenderReport {
  readonly packetType = RTCP_SR;

  constructor(
    public ssrc: number,
    public senderInfo: RtcpSenderInfo,
    public reports: RtcpReportBlock[] = [],
    /** Profile-specific extension words, kept raw (a multiple of 4 bytes). */
    public extension: Uint8Array = EMPTY,
  ) {}

  static unmarshal(buf: Uint8Array): RtcpSenderReport {
    const frame = readSingleRtcpFrame(buf, RTCP_SR);
    return RtcpSenderReport.unmarshalBody(frame.count, frame.body);
  }

  /** Parses the part after the common header (padding already removed). */
  static unmarshalBody(count: number, body: Uint8Array): RtcpSenderReport {
    const blocksEnd = FIXED + REPORT_BLOCK_SIZE * count;
    if (body.length < blocksEnd) throw new RtpParseError('truncated', `SR with ${count} report blocks needs ${blocksEnd} bytes`);
    const info: RtcpSenderInfo = {
      ntpSeconds: readU32(body, 4),
      ntpFraction: readU32(body, 8),
      rtpTimestamp: readU32(body, 12),
      packetCount: readU32(body, 16),
      octetCount: readU32(body, 20),
    };
    const reports: RtcpReportBlock[] = [];
    for (let i = 0; i < count; i++) reports.push(readReportBlock(body, FIXED + REPORT_BLOCK_SIZE * i));
    return new RtcpSenderReport(readU32(body, 0), info, reports, body.subarray(blocksEnd));
  }

  size(): number {
    return RTCP_HEADER_SIZE + FIXED + REPORT_BLOCK_SIZE * this.reports.length + this.extension.length;
  }

  marshalTo(buf: Uint8Array, offset = 0): number {
    const total = this.size();
    checkRoom(buf, offset, total);
    if (this.extension.length % 4 !== 0) throw new RangeError('SR extension must be whole 32-bit words');
    writeRtcpHeader(buf, offset, this.reports.length, RTCP_SR, total);
    const at = offset + RTCP_HEADER_SIZE;
    const info = this.senderInfo;
    writeU32(buf, at, this.ssrc);
    writeU32(buf, at + 4, info.ntpSeconds);
    writeU32(buf, at + 8, info.ntpFraction);
    writeU32(buf, at + 12, info.rtpTimestamp);
    writeU32(buf, at + 16, info.packetCount);
    writeU32(buf, at + 20, info.octetCount);
    this.reports.forEach((block, i) => writeReportBlock(buf, at + FIXED + REPORT_BLOCK_SIZE * i, block));
    buf.set(this.extension, at + FIXED + REPORT_BLOCK_SIZE * this.reports.length);
    return total;
  }

  marshal(): Uint8Array {
    const out = new Uint8Array(this.size());
    this.marshalTo(out);
    return out;
  }
}
