/**
 * RTCP source description, SDES (RFC 3550 §6.5): per source, a list of items; we send CNAME (§6.5.1), the one item
 * every compound packet must carry.
 *
 *        0                   1                   2                   3
 *        0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    SC   |  PT=SDES=202  |             length            |
 *       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * chunk  |                          SSRC/CSRC_1                          |
 *   1    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       |                           SDES items                          |
 *       |                              ...                              |
 *       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *
 * An item is `type(8) | length(8) | text`; a chunk's item list ends with a null octet (type 0), followed by null
 * octets up to the next 32-bit boundary (§6.5). Item values are kept as raw bytes, so a parsed packet re-serializes
 * byte for byte even when its text is not valid UTF-8; `sdesText` decodes one.
 */
import { readU32, writeU32 } from './byte-order.js';
import { RTCP_HEADER_SIZE, RTCP_SDES, checkRoom, readSingleRtcpFrame, writeRtcpHeader } from './rtcp-header.js';
import { RtpParseError } from './rtp-parse-error.js';

export const SDES_CNAME = 1;

export interface SdesItem {
  /** CNAME=1, NAME=2, EMAIL=3, PHONE=4, LOC=5, TOOL=6, NOTE=7, PRIV=8 (§6.5). */
  type: number;
  value: Uint8Array;
}

export interface SdesChunk {
  ssrc: number;
  items: SdesItem[];
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export function sdesText(item: SdesItem): string {
  return fromUtf8.decode(item.value);
}

function chunkSize(chunk: SdesChunk): number {
  const items = chunk.items.reduce((n, item) => n + 2 + item.value.length, 0);
  return 4 + ((items + 1 + 3) & ~3); // SSRC, items, the END null, pad to 32 bits
}

export class RtcpSourceDescription {
  readonly packetType = RTCP_SDES;

  constructor(public chunks: SdesChunk[] = []) {}

  /** An SDES with one chunk holding the CNAME of `ssrc`. */
  static cname(ssrc: number, cname: string): RtcpSourceDescription {
    return new RtcpSourceDescription([{ ssrc, items: [{ type: SDES_CNAME, value: utf8.encode(cname) }] }]);
  }

  static unmarshal(buf: Uint8Array): RtcpSourceDescription {
    const frame = readSingleRtcpFrame(buf, RTCP_SDES);
    return RtcpSourceDescription.unmarshalBody(frame.count, frame.body);
  }

  static unmarshalBody(count: number, body: Uint8Array): RtcpSourceDescription {
    const chunks: SdesChunk[] = [];
    let at = 0;
    for (let c = 0; c < count; c++) {
      if (at + 4 > body.length) throw new RtpParseError('truncated', `SDES chunk ${c} has no SSRC`, at);
      const chunk: SdesChunk = { ssrc: readU32(body, at), items: [] };
      at += 4;
      for (;;) {
        if (at >= body.length) throw new RtpParseError('truncated', `SDES chunk ${c} has no end`, at);
        const type = body[at]!;
        if (type === 0) break;
        if (at + 2 > body.length || at + 2 + body[at + 1]! > body.length) {
          throw new RtpParseError('truncated', `SDES item of type ${type} overruns the packet`, at);
        }
        const length = body[at + 1]!;
        chunk.items.push({ type, value: body.subarray(at + 2, at + 2 + length) });
        at += 2 + length;
      }
      // The END null and the nulls up to the next 32-bit boundary (chunks start on a boundary).
      const end = (at + 1 + 3) & ~3;
      if (end > body.length) throw new RtpParseError('truncated', 'SDES chunk padding overruns the packet', at);
      for (let i = at; i < end; i++) {
        if (body[i] !== 0) throw new RtpParseError('malformed', 'SDES chunk padding is not null octets', i);
      }
      at = end;
      chunks.push(chunk);
    }
    if (at !== body.length) throw new RtpParseError('length', 'bytes after the last SDES chunk', at);
    return new RtcpSourceDescription(chunks);
  }

  /** The CNAME of `ssrc`, if this packet carries one. */
  cnameOf(ssrc: number): string | null {
    const item = this.chunks.find((c) => c.ssrc === ssrc)?.items.find((i) => i.type === SDES_CNAME);
    return item ? sdesText(item) : null;
  }

  size(): number {
    return RTCP_HEADER_SIZE + this.chunks.reduce((n, chunk) => n + chunkSize(chunk), 0);
  }

  marshalTo(buf: Uint8Array, offset = 0): number {
    const total = this.size();
    checkRoom(buf, offset, total);
    writeRtcpHeader(buf, offset, this.chunks.length, RTCP_SDES, total);
    let at = offset + RTCP_HEADER_SIZE;
    for (const chunk of this.chunks) {
      const end = at + chunkSize(chunk);
      writeU32(buf, at, chunk.ssrc);
      at += 4;
      for (const item of chunk.items) {
        if (item.type < 1 || item.type > 255 || item.value.length > 255) throw new RangeError(`SDES item type ${item.type}`);
        buf[at] = item.type;
        buf[at + 1] = item.value.length;
        buf.set(item.value, at + 2);
        at += 2 + item.value.length;
      }
      buf.fill(0, at, end);
      at = end;
    }
    return total;
  }

  marshal(): Uint8Array {
    const out = new Uint8Array(this.size());
    this.marshalTo(out);
    return out;
  }
}
