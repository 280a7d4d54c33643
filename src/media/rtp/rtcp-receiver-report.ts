/**
 * RTCP receiver report, RR (RFC 3550 §6.4.2): sent by a participant that did not send RTP since its last report.
 *
 *        0                   1                   2                   3
 *        0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    RC   |   PT=RR=201   |             length            |
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       |                     SSRC of packet sender                     |
 *       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *       |                 report blocks (RC × 24 octets)                |
 *       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *       |                  profile-specific extensions                  |
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
import { readU32, writeU32 } from './byte-order.js';
import { RTCP_HEADER_SIZE, RTCP_RR, checkRoom, readSingleRtcpFrame, writeRtcpHeader } from './rtcp-header.js';
import { REPORT_BLOCK_SIZE, type RtcpReportBlock, readReportBlock, writeReportBlock } from './rtcp-report-block.js';
import { RtpParseError } from './rtp-parse-error.js';

const EMPTY = new Uint8Array(0);

export class RtcpReceiverReport {
  readonly packetType = RTCP_RR;

  constructor(
    public ssrc: number,
    public reports: RtcpReportBlock[] = [],
    /** Profile-specific extension words, kept raw (a multiple of 4 bytes). */
    public extension: Uint8Array = EMPTY,
  ) {}

  static unmarshal(buf: Uint8Array): RtcpReceiverReport {
    const frame = readSingleRtcpFrame(buf, RTCP_RR);
    return RtcpReceiverReport.unmarshalBody(frame.count, frame.body);
  }

  /** Parses the part after the common header (padding already removed). */
  static unmarshalBody(count: number, body: Uint8Array): RtcpReceiverReport {
    const blocksEnd = 4 + REPORT_BLOCK_SIZE * count;
    if (body.length < blocksEnd) throw new RtpParseError('truncated', `RR with ${count} report blocks needs ${blocksEnd} bytes`);
    const reports: RtcpReportBlock[] = [];
    for (let i = 0; i < count; i++) reports.push(readReportBlock(body, 4 + REPORT_BLOCK_SIZE * i));
    return new RtcpReceiverReport(readU32(body, 0), reports, body.subarray(blocksEnd));
  }

  size(): number {
    return RTCP_HEADER_SIZE + 4 + REPORT_BLOCK_SIZE * this.reports.length + this.extension.length;
  }

  marshalTo(buf: Uint8Array, offset = 0): number {
    const total = this.size();
    checkRoom(buf, offset, total);
    if (this.extension.length % 4 !== 0) throw new RangeError('RR extension must be whole 32-bit words');
    writeRtcpHeader(buf, offset, this.reports.length, RTCP_RR, total);
    const at = offset + RTCP_HEADER_SIZE;
    writeU32(buf, at, this.ssrc);
    this.reports.forEach((block, i) => writeReportBlock(buf, at + 4 + REPORT_BLOCK_SIZE * i, block));
    buf.set(this.extension, at + 4 + REPORT_BLOCK_SIZE * this.reports.length);
    return total;
  }

  marshal(): Uint8Array {
    const out = new Uint8Array(this.size());
    this.marshalTo(out);
    return out;
  }
}
