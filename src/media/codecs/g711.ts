/**
 * G.711 µ-law (PCMU) and A-law (PCMA) for whole frames, by table lookup: a 256-entry table decodes, a 65,536-entry
 * table (indexed by the 16-bit sample's bit pattern) encodes. The tables are computed once at load from the segment
 * formulas in `g711-reference.ts`, so both paths give identical output (checked over all 65,536 inputs in the tests,
 * and against `alawmulaw`). `bench/media-codec/run.ts` measured the encode table 1.3-3.7× faster than the formula and
 * both tables 1.6-8.6× faster than `alawmulaw`; the decode table is about as fast as the formula (docs/media-core.md).
 *
 * Nothing here allocates: callers pass the output buffer (one per leg, reused every 20 ms).
 */
import { alawDecodeSample, alawEncodeSample, ulawDecodeSample, ulawEncodeSample } from './g711-reference.js';

function buildDecodeTable(decode: (code: number) => number): Int16Array {
  const table = new Int16Array(256);
  for (let code = 0; code < 256; code++) table[code] = decode(code);
  return table;
}

function buildEncodeTable(encode: (sample: number) => number): Uint8Array {
  const table = new Uint8Array(65536);
  for (let bits = 0; bits < 65536; bits++) table[bits] = encode((bits << 16) >> 16);
  return table;
}

/** µ-law code → 16-bit sample. */
export const ULAW_DECODE: Int16Array = buildDecodeTable(ulawDecodeSample);
/** A-law code → 16-bit sample. */
export const ALAW_DECODE: Int16Array = buildDecodeTable(alawDecodeSample);
/** 16-bit sample (as `sample & 0xffff`) → µ-law code. */
export const ULAW_ENCODE: Uint8Array = buildEncodeTable(ulawEncodeSample);
/** 16-bit sample (as `sample & 0xffff`) → A-law code. */
export const ALAW_ENCODE: Uint8Array = buildEncodeTable(alawEncodeSample);

function checkRange(name: string, count: number, inputLength: number, outputLength: number): void {
  if (count > inputLength || count > outputLength || count < 0) {
    throw new RangeError(`${name}: ${count} samples do not fit input ${inputLength} / output ${outputLength}`);
  }
}

/** Encodes `count` samples of `pcm` to µ-law into `out` (from index 0). Returns `count`. */
export function encodeUlaw(pcm: Int16Array, out: Uint8Array, count: number = pcm.length): number {
  checkRange('encodeUlaw', count, pcm.length, out.length);
  for (let i = 0; i < count; i++) out[i] = ULAW_ENCODE[pcm[i]! & 0xffff]!;
  return count;
}

/** Decodes `count` µ-law bytes into 16-bit samples in `out` (from index 0). Returns `count`. */
export function decodeUlaw(bytes: Uint8Array, out: Int16Array, count: number = bytes.length): number {
  checkRange('decodeUlaw', count, bytes.length, out.length);
  for (let i = 0; i < count; i++) out[i] = ULAW_DECODE[bytes[i]!]!;
  return count;
}

/** Encodes `count` samples of `pcm` to A-law into `out` (from index 0). Returns `count`. */
export function encodeAlaw(pcm: Int16Array, out: Uint8Array, count: number = pcm.length): number {
  checkRange('encodeAlaw', count, pcm.length, out.length);
  for (let i = 0; i < count; i++) out[i] = ALAW_ENCODE[pcm[i]! & 0xffff]!;
  return count;
}

/** Decodes `count` A-law bytes into 16-bit samples in `out` (from index 0). Returns `count`. */
export function decodeAlaw(bytes: Uint8Array, out: Int16Array, count: number = bytes.length): number {
  checkRange('decodeAlaw', count, bytes.length, out.length);
  for (let i = 0; i < count; i++) out[i] = ALAW_DECODE[bytes[i]!]!;
  return count;
}
