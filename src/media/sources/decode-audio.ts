/**
 * Which decoder a file needs, from its first bytes (not its name: URLs often end in `.php?id=7` and servers send
 * `application/octet-stream`). A name or content type only helps when the bytes say nothing: an MPEG stream that
 * starts with junk before its first frame.
 *
 *   "RIFF" size "WAVE"                 → WAV
 *   "ID3" (ID3v2 tag)                  → MPEG audio
 *   11 sync bits, layer ≠ 0, rate ≠ 3  → MPEG audio (frame header, ISO/IEC 11172-3 §2.4.1.3)
 */
import { AudioLoadError } from './audio-load-error.js';
import { decodeMp3 } from './mp3-decode.js';
import type { SliceOptions } from './pcm8k-accumulator.js';
import { decodeWav } from './wav-decode.js';

export type AudioFormat = 'wav' | 'mpeg';

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

function isMpegFrameHeader(b: Uint8Array, at: number): boolean {
  if (at + 3 >= b.length) return false;
  const layer = (b[at + 1]! >> 1) & 0x03;
  const bitrate = b[at + 2]! >> 4;
  const rate = (b[at + 2]! >> 2) & 0x03;
  return b[at] === 0xff && (b[at + 1]! & 0xe0) === 0xe0 && layer !== 0 && bitrate !== 0x0f && rate !== 0x03;
}

/** The format the bytes are in, or undefined. `hint` is a file name, URL path or content type. */
export function sniffFormat(bytes: Uint8Array, hint = ''): AudioFormat | undefined {
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE') return 'wav';
  if (bytes.length >= 3 && ascii(bytes, 0, 3) === 'ID3') return 'mpeg';
  if (isMpegFrameHeader(bytes, 0)) return 'mpeg';
  const h = hint.toLowerCase();
  if (/\.(mp3|mp2|mpga)(\?|#|$)/.test(h) || h.includes('audio/mpeg')) return 'mpeg';
  return undefined;
}

/** Any supported file → 8 kHz 16-bit mono PCM. Throws AudioLoadError (`unsupported-format`, `decode-failed`). */
export async function decodeAudio(bytes: Uint8Array, hint = '', options: SliceOptions = {}): Promise<Int16Array> {
  const format = sniffFormat(bytes, hint);
  if (format === 'wav') return decodeWav(bytes, options);
  if (format === 'mpeg') return decodeMp3(bytes, options);
  throw new AudioLoadError('unsupported-format', 'neither WAV (RIFF/WAVE) nor MPEG audio');
}
