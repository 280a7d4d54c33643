/**
 * The two G.711 codecs as values the player and the bridge can hold: name, static payload type (RFC 3551 §6,
 * Table 4: PCMU = 0, PCMA = 8, both 8,000 Hz, one channel) and the frame functions of `g711.ts`.
 */
import { decodeAlaw, decodeUlaw, encodeAlaw, encodeUlaw } from './g711.js';
import { ALAW_TO_ULAW, ULAW_TO_ALAW } from './g711-transcode.js';

export type G711Name = 'PCMU' | 'PCMA';

export interface G711Codec {
  readonly name: G711Name;
  /** RFC 3551 static payload type. */
  readonly payloadType: 0 | 8;
  readonly clockRate: 8000;
  /** Encodes `count` samples into `out`; returns `count`. One byte per sample. */
  encode(pcm: Int16Array, out: Uint8Array, count?: number): number;
  /** Decodes `count` bytes into `out`; returns `count`. */
  decode(bytes: Uint8Array, out: Int16Array, count?: number): number;
}

export const PCMU: G711Codec = Object.freeze({
  name: 'PCMU',
  payloadType: 0,
  clockRate: 8000,
  encode: encodeUlaw,
  decode: decodeUlaw,
});

export const PCMA: G711Codec = Object.freeze({
  name: 'PCMA',
  payloadType: 8,
  clockRate: 8000,
  encode: encodeAlaw,
  decode: decodeAlaw,
});

/** The codec for an SDP encoding name (case-insensitive, RFC 4566 §6 rtpmap) or a static payload type; else null. */
export function g711Codec(nameOrPayloadType: string | number): G711Codec | null {
  if (typeof nameOrPayloadType === 'number') {
    return nameOrPayloadType === 0 ? PCMU : nameOrPayloadType === 8 ? PCMA : null;
  }
  const upper = nameOrPayloadType.toUpperCase();
  return upper === 'PCMU' ? PCMU : upper === 'PCMA' ? PCMA : null;
}

/** The table that turns `from`'s codes into `to`'s, or null when the legs agree and bytes pass unchanged. */
export function g711TranscodeTable(from: G711Codec, to: G711Codec): Uint8Array | null {
  if (from.name === to.name) return null;
  return from.name === 'PCMU' ? ULAW_TO_ALAW : ALAW_TO_ULAW;
}
