import { attributeValues } from './attribute-list.js';
import type { MediaDescription } from './session-description.js';
import { staticPayloadType } from './static-payload-types.js';

/**
 * `a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]` (RFC 8866 §6.6). For audio the
 * encoding parameter is the number of channels.
 */
export interface Rtpmap {
  payloadType: number;
  encoding: string;
  clockRate: number;
  channels?: number;
}

const RTPMAP = /^(\d{1,3}) +([^\s/]+)\/(\d{1,10})(?:\/(\d{1,3}))?\s*$/;

/**
 * Reads the value of an `a=rtpmap` attribute; undefined when it is malformed. Lenient on purpose: a receiver ignores
 * what it cannot understand (RFC 8866 §5.13), and one odd rtpmap must not fail a call whose other codec is fine.
 */
export function parseRtpmap(value: string): Rtpmap | undefined {
  const match = RTPMAP.exec(value.trim());
  if (!match) return undefined;
  const payloadType = Number(match[1]);
  if (payloadType > 127) return undefined;
  const rtpmap: Rtpmap = { payloadType, encoding: match[2]!, clockRate: Number(match[3]) };
  if (match[4] !== undefined) rtpmap.channels = Number(match[4]);
  return rtpmap;
}

/** Writes the value of an `a=rtpmap` attribute. */
export function formatRtpmap(r: Rtpmap): string {
  const base = `${r.payloadType} ${r.encoding}/${r.clockRate}`;
  return r.channels === undefined ? base : `${base}/${r.channels}`;
}

/** Every readable `a=rtpmap` of a media section, in order. */
export function rtpmapsOf(media: MediaDescription): Rtpmap[] {
  return attributeValues(media.attributes, 'rtpmap').flatMap((v) => parseRtpmap(v) ?? []);
}

/**
 * What a payload type of this media section means: its `a=rtpmap` if there is one, else the RFC 3551 static
 * assignment (so `m=audio 4000 RTP/AVP 0 8` means PCMU and PCMA without any rtpmap), else undefined.
 */
export function codecOf(media: MediaDescription, payloadType: number): Rtpmap | undefined {
  return rtpmapsOf(media).find((r) => r.payloadType === payloadType) ?? staticPayloadType(payloadType);
}

/** Encoding names are case-insensitive (RFC 4855 §3): `pcmu/8000` is PCMU. */
export function sameEncoding(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}

/** Payload type numbers of an RTP `m=` line as numbers; formats that are not 0-127 are left out. */
export function payloadTypesOf(media: MediaDescription): number[] {
  return media.formats.filter((f) => /^\d{1,3}$/.test(f) && Number(f) <= 127).map(Number);
}
