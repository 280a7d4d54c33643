/**
 * An RTCP packet this layer does not interpret (APP §6.7, the feedback messages of RFC 4585, extended reports of
 * RFC 3611, ...), or a known type whose body did not parse: header fields and body kept raw, so a compound packet
 * holding it still parses and re-serializes. RFC 3550 §6.1 asks receivers to ignore packet types they do not know.
 */
import { RTCP_HEADER_SIZE, checkRoom, readRtcpFrame, writeRtcpHeader } from './rtcp-header.js';
import { RtpParseError } from './rtp-parse-error.js';

export class RtcpRawPacket {
  constructor(
    readonly packetType: number,
    /** The 5-bit count/subtype field. */
    public count: number,
    /** Everything after the 4-byte header, padding removed; a multiple of 4 bytes. */
    public body: Uint8Array,
  ) {}

  static unmarshal(buf: Uint8Array): RtcpRawPacket {
    const frame = readRtcpFrame(buf, 0);
    if (frame.next !== buf.length) throw new RtpParseError('length', 'bytes after the RTCP packet', frame.next);
    return new RtcpRawPacket(frame.packetType, frame.count, frame.body);
  }

  size(): number {
    return RTCP_HEADER_SIZE + this.body.length;
  }

  marshalTo(buf: Uint8Array, offset = 0): number {
    const total = this.size();
    checkRoom(buf, offset, total);
    writeRtcpHeader(buf, offset, this.count, this.packetType, total);
    buf.set(this.body, offset + RTCP_HEADER_SIZE);
    return total;
  }

  marshal(): Uint8Array {
    const out = new Uint8Array(this.size());
    this.marshalTo(out);
    return out;
  }
}
