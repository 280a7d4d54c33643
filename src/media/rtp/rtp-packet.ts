/**
 * An RTP packet (RFC 3550 §5.1): fixed header, CSRC list, optional header extension (§5.3.1), payload, padding.
 *
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                           timestamp                           |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |           synchronization source (SSRC) identifier            |
 *    +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *    |            contributing source (CSRC) identifiers             |
 *    |                             ....                              |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Everything that parses re-serializes to the identical bytes: the extension and the padding are kept raw (the
 * padding's content is free for the sender, §5.1, so it is copied rather than regenerated). Parsed `payload`,
 * `padding` and `extension.data` are views into the received buffer, not copies: copy them before the buffer is reused.
 * `unmarshalFrom` refills an existing packet so a receive loop can parse without allocating a packet per datagram.
 */
import type { RtpHeaderExtension } from './rtp-header-extension.js';
import { readU32, writeU32 } from './byte-order.js';
import { RtpParseError } from './rtp-parse-error.js';

export const RTP_VERSION = 2;
export const RTP_HEADER_SIZE = 12;
const EMPTY = new Uint8Array(0);

export class RtpPacket {
  /** P bit (§5.1): raw padding bytes at the end; the last one holds the count, itself included. Empty: no padding. */
  padding: Uint8Array = EMPTY;
  /** M bit: for audio, the first packet of a talk spurt (RFC 3551 §4.1). */
  marker = false;
  payloadType = 0;
  sequenceNumber = 0;
  timestamp = 0;
  ssrc = 0;
  /** Contributing sources, at most 15 (CC is 4 bits). */
  csrc: number[] = [];
  /** X bit: the header extension (§5.3.1), or null. */
  extension: RtpHeaderExtension | null = null;
  payload: Uint8Array = EMPTY;

  static unmarshal(buf: Uint8Array): RtpPacket {
    return new RtpPacket().unmarshalFrom(buf);
  }

  /** Bytes `marshalTo` writes. */
  size(): number {
    const extension = this.extension ? 4 + this.extension.data.length : 0;
    return RTP_HEADER_SIZE + 4 * this.csrc.length + extension + this.payload.length + this.padding.length;
  }

  /** Serializes into `buf` at `offset`; returns the number of bytes written. Throws RangeError on invalid fields. */
  marshalTo(buf: Uint8Array, offset = 0): number {
    this.check();
    const total = this.size();
    if (offset < 0 || offset + total > buf.length) throw new RangeError(`RTP packet of ${total} bytes does not fit`);
    const ext = this.extension;
    const cc = this.csrc.length;
    buf[offset] = (RTP_VERSION << 6) | (this.padding.length > 0 ? 0x20 : 0) | (ext ? 0x10 : 0) | cc;
    buf[offset + 1] = (this.marker ? 0x80 : 0) | this.payloadType;
    buf[offset + 2] = this.sequenceNumber >>> 8;
    buf[offset + 3] = this.sequenceNumber & 0xff;
    writeU32(buf, offset + 4, this.timestamp);
    writeU32(buf, offset + 8, this.ssrc);
    let at = offset + RTP_HEADER_SIZE;
    for (let i = 0; i < cc; i++, at += 4) writeU32(buf, at, this.csrc[i]!);
    if (ext) {
      const words = ext.data.length >>> 2;
      buf[at] = ext.profile >>> 8;
      buf[at + 1] = ext.profile & 0xff;
      buf[at + 2] = words >>> 8;
      buf[at + 3] = words & 0xff;
      buf.set(ext.data, at + 4);
      at += 4 + ext.data.length;
    }
    buf.set(this.payload, at);
    at += this.payload.length;
    buf.set(this.padding, at);
    return total;
  }

  /** Serializes into a new buffer of exactly `size()` bytes. */
  marshal(): Uint8Array {
    const out = new Uint8Array(this.size());
    this.marshalTo(out, 0);
    return out;
  }

  /** Parses `buf` (one whole datagram) into this packet, replacing every field. Throws RtpParseError. */
  unmarshalFrom(buf: Uint8Array): this {
    if (buf.length < RTP_HEADER_SIZE) throw new RtpParseError('truncated', `${buf.length} bytes is shorter than an RTP header`);
    const b0 = buf[0]!;
    if (b0 >> 6 !== RTP_VERSION) throw new RtpParseError('version', `RTP version ${b0 >> 6}, expected 2`);
    const cc = b0 & 0x0f;
    let at = RTP_HEADER_SIZE + 4 * cc;
    if (at > buf.length) throw new RtpParseError('truncated', `CSRC list of ${cc} does not fit`, RTP_HEADER_SIZE);
    let extension: RtpHeaderExtension | null = null;
    if (b0 & 0x10) {
      if (at + 4 > buf.length) throw new RtpParseError('truncated', 'header extension header does not fit', at);
      const profile = (buf[at]! << 8) | buf[at + 1]!;
      const length = 4 * ((buf[at + 2]! << 8) | buf[at + 3]!);
      if (at + 4 + length > buf.length) throw new RtpParseError('extension', 'header extension overruns the packet', at);
      extension = { profile, data: buf.subarray(at + 4, at + 4 + length) };
      at += 4 + length;
    }
    let end = buf.length;
    let padding: Uint8Array = EMPTY;
    if (b0 & 0x20) {
      const count = buf[buf.length - 1]!;
      // §5.1: the count includes the last octet itself, so 0 is invalid; it cannot reach into the header.
      if (count === 0 || at + count > buf.length) throw new RtpParseError('padding', `padding count ${count} invalid`, buf.length - 1);
      end = buf.length - count;
      padding = buf.subarray(end);
    }
    this.padding = padding;
    this.marker = (buf[1]! & 0x80) !== 0;
    this.payloadType = buf[1]! & 0x7f;
    this.sequenceNumber = (buf[2]! << 8) | buf[3]!;
    this.timestamp = readU32(buf, 4);
    this.ssrc = readU32(buf, 8);
    const csrc = this.csrc;
    csrc.length = 0;
    for (let i = 0; i < cc; i++) csrc.push(readU32(buf, RTP_HEADER_SIZE + 4 * i));
    this.extension = extension;
    this.payload = buf.subarray(at, end);
    return this;
  }

  /** Sets `size` bytes of zero padding (the last byte holds the count, §5.1), or removes padding when 0. */
  setPadding(size: number): void {
    if (!Number.isInteger(size) || size < 0 || size > 255) throw new RangeError(`padding of ${size} bytes`);
    const padding = new Uint8Array(size);
    if (size > 0) padding[size - 1] = size;
    this.padding = padding;
  }

  private check(): void {
    if (!isUint(this.payloadType, 0x7f)) throw new RangeError(`payload type ${this.payloadType}`);
    if (!isUint(this.sequenceNumber, 0xffff)) throw new RangeError(`sequence number ${this.sequenceNumber}`);
    if (!isUint(this.timestamp, 0xffffffff)) throw new RangeError(`timestamp ${this.timestamp}`);
    if (!isUint(this.ssrc, 0xffffffff)) throw new RangeError(`SSRC ${this.ssrc}`);
    if (this.csrc.length > 15) throw new RangeError(`${this.csrc.length} CSRCs (at most 15)`);
    for (const c of this.csrc) if (!isUint(c, 0xffffffff)) throw new RangeError(`CSRC ${c}`);
    const ext = this.extension;
    if (ext && (!isUint(ext.profile, 0xffff) || ext.data.length % 4 !== 0 || ext.data.length > 4 * 0xffff)) {
      throw new RangeError('header extension must be whole 32-bit words with a 16-bit profile');
    }
    const pad = this.padding;
    if (pad.length > 255 || (pad.length > 0 && pad[pad.length - 1] !== pad.length)) {
      throw new RangeError('padding: the last byte must hold the padding length (RFC 3550 §5.1)');
    }
  }
}

function isUint(value: number, max: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= max;
}
