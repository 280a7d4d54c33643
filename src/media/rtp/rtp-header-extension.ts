/**
 * RTP header extensions: the RFC 3550 §5.3.1 container, and the RFC 8285 one-byte and two-byte element formats that
 * live inside it. An `RtpPacket` keeps the container raw (profile + data words) so a packet re-serializes byte for
 * byte; these helpers read and build the elements when a caller needs them (for example the audio level of RFC 6464).
 *
 * RFC 3550 §5.3.1:
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |      defined by profile       |           length              |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                        header extension                       |
 *    |                             ....                              |
 * `length` counts 32-bit words after this 4-octet header.
 */
import { RtpParseError } from './rtp-parse-error.js';

export interface RtpHeaderExtension {
  /** The 16-bit "defined by profile" field: 0xBEDE for RFC 8285 one-byte, 0x100X for two-byte elements. */
  profile: number;
  /** Extension data, a multiple of 4 bytes (a view into the parsed packet, not a copy). */
  data: Uint8Array;
}

export interface HeaderExtensionElement {
  id: number;
  data: Uint8Array;
}

/** RFC 8285 §4.2: one-byte header form. */
export const ONE_BYTE_PROFILE = 0xbede;
/** RFC 8285 §4.3: two-byte header form, 0x100 followed by 4 application bits. */
export const TWO_BYTE_PROFILE_MASK = 0xfff0;
export const TWO_BYTE_PROFILE = 0x1000;

/**
 * Reads the RFC 8285 elements of an extension. One-byte form (§4.2): `ID(4) | L(4)` then L+1 bytes; ID 0 is a padding
 * byte, ID 15 ends parsing. Two-byte form (§4.3): `ID(8) | L(8)` then L bytes; ID 0 is padding. Other profiles are not
 * RFC 8285 and yield no elements.
 */
export function readHeaderExtensionElements(extension: RtpHeaderExtension): HeaderExtensionElement[] {
  const { data } = extension;
  const elements: HeaderExtensionElement[] = [];
  const oneByte = extension.profile === ONE_BYTE_PROFILE;
  if (!oneByte && (extension.profile & TWO_BYTE_PROFILE_MASK) !== TWO_BYTE_PROFILE) return elements;
  let i = 0;
  while (i < data.length) {
    const first = data[i]!;
    if (first === 0) {
      i++;
      continue;
    }
    if (oneByte) {
      const id = first >> 4;
      if (id === 15) break;
      const length = (first & 0x0f) + 1;
      if (i + 1 + length > data.length) throw new RtpParseError('extension', `element ${id} overruns the extension`, i);
      elements.push({ id, data: data.subarray(i + 1, i + 1 + length) });
      i += 1 + length;
    } else {
      if (i + 2 > data.length) throw new RtpParseError('extension', 'two-byte element header truncated', i);
      const length = data[i + 1]!;
      if (i + 2 + length > data.length) throw new RtpParseError('extension', `element ${first} overruns the extension`, i);
      elements.push({ id: first, data: data.subarray(i + 2, i + 2 + length) });
      i += 2 + length;
    }
  }
  return elements;
}

/** Finds one element by ID, or null. */
export function findHeaderExtensionElement(extension: RtpHeaderExtension, id: number): Uint8Array | null {
  for (const element of readHeaderExtensionElements(extension)) if (element.id === id) return element.data;
  return null;
}

/**
 * Builds an RFC 8285 extension: one-byte form when every ID is 1..14 and every element 1..16 bytes (§4.2), else the
 * two-byte form (§4.3, IDs 1..255, 0..255 bytes). Pads with zero bytes to a 32-bit boundary.
 */
export function buildHeaderExtension(elements: readonly HeaderExtensionElement[], appBits = 0): RtpHeaderExtension {
  const oneByte = elements.every((e) => e.id >= 1 && e.id <= 14 && e.data.length >= 1 && e.data.length <= 16);
  for (const e of elements) {
    if (e.id < 1 || e.id > 255 || e.data.length > 255) throw new RangeError(`header extension element ${e.id} out of range`);
  }
  const headerBytes = oneByte ? 1 : 2;
  const raw = elements.reduce((n, e) => n + headerBytes + e.data.length, 0);
  const data = new Uint8Array((raw + 3) & ~3);
  let i = 0;
  for (const e of elements) {
    if (oneByte) {
      data[i++] = (e.id << 4) | (e.data.length - 1);
    } else {
      data[i++] = e.id;
      data[i++] = e.data.length;
    }
    data.set(e.data, i);
    i += e.data.length;
  }
  return { profile: oneByte ? ONE_BYTE_PROFILE : TWO_BYTE_PROFILE | (appBits & 0x0f), data };
}
