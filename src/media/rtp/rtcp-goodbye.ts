/**
 * RTCP BYE (RFC 3550 §6.6): the listed sources are leaving, optionally with a reason.
 *
 *        0                   1                   2                   3
 *        0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       |V=2|P|    SC   |   PT=BYE=203  |             length            |
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       |                           SSRC/CSRC                           |
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       :                              ...                              :
 *       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * (opt) |     length    |               reason for leaving            ...
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The reason is padded with null octets to a 32-bit boundary. It is kept as raw bytes (`null` when absent) so the
 * packet round-trips exactly.
 */
import { readU32, writeU32 } from './byte-order.js';
import { RTCP_BYE, RTCP_HEADER_SIZE, checkRoom, readSingleRtcpFrame, writeRtcpHeader } from './rtcp-header.js';
import { RtpParseError } from './rtp-parse-error.js';

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export class RtcpGoodbye {
  readonly packetType = RTCP_BYE;

  constructor(
    public sources: number[] = [],
    public reason: Uint8Array | null = null,
  ) {}

  static withReason(sources: number[], reason?: string): RtcpGoodbye {
    return new RtcpGoodbye(sources, reason === undefined ? null : utf8.encode(reason));
  }

  static unmarshal(buf: Uint8Array): RtcpGoodbye {
    const frame = readSingleRtcpFrame(buf, RTCP_BYE);
    return RtcpGoodbye.unmarshalBody(frame.count, frame.body);
  }

  static unmarshalBody(count: number, body: Uint8Array): RtcpGoodbye {
    const listEnd = 4 * count;
    if (body.length < listEnd) throw new RtpParseError('truncated', `BYE with ${count} sources needs ${listEnd} bytes`);
    const sources: number[] = [];
    for (let i = 0; i < count; i++) sources.push(readU32(body, 4 * i));
    if (body.length === listEnd) return new RtcpGoodbye(sources, null);
    const length = body[listEnd]!;
    const end = listEnd + 1 + length;
    if (end > body.length) throw new RtpParseError('truncated', 'BYE reason overruns the packet', listEnd);
    if (((end + 3) & ~3) !== body.length) throw new RtpParseError('length', 'bytes after the BYE reason', end);
    for (let i = end; i < body.length; i++) {
      if (body[i] !== 0) throw new RtpParseError('malformed', 'BYE reason padding is not null octets', i);
    }
    return new RtcpGoodbye(sources, body.subarray(listEnd + 1, end));
  }

  get reasonText(): string | null {
    return this.reason ? fromUtf8.decode(this.reason) : null;
  }

  size(): number {
    const reason = this.reason ? (1 + this.reason.length + 3) & ~3 : 0;
    return RTCP_HEADER_SIZE + 4 * this.sources.length + reason;
  }

  marshalTo(buf: Uint8Array, offset = 0): number {
    const total = this.size();
    checkRoom(buf, offset, total);
    if (this.reason && this.reason.length > 255) throw new RangeError('BYE reason longer than 255 bytes');
    writeRtcpHeader(buf, offset, this.sources.length, RTCP_BYE, total);
    let at = offset + RTCP_HEADER_SIZE;
    for (const ssrc of this.sources) {
      writeU32(buf, at, ssrc);
      at += 4;
    }
    if (this.reason) {
      buf[at] = this.reason.length;
      buf.set(this.reason, at + 1);
      buf.fill(0, at + 1 + this.reason.length, offset + total);
    }
    return total;
  }

  marshal(): Uint8Array {
    const out = new Uint8Array(this.size());
    this.marshalTo(out);
    return out;
  }
}
