/**
 * Reads RIFF/WAVE files into mono float samples (−1..1) at the file's own rate; `resampleTo8k` then brings them to
 * the 8 kHz the G.711 path plays.
 *
 * Layout (Microsoft RIFF, and the WAVE_FORMAT_EXTENSIBLE note of mmreg.h): "RIFF" size "WAVE", then chunks of a
 * 4-byte id, a 4-byte little-endian size, the body and a pad byte when the size is odd. "fmt " gives the format tag,
 * channels, sample rate, block alignment and bits per sample; "data" holds interleaved frames. Read here:
 *   - tag 1 PCM: 8-bit unsigned, 16/24/32-bit signed little-endian;
 *   - tag 3 IEEE float: 32- and 64-bit;
 *   - tag 6 A-law, tag 7 µ-law (G.711, 8-bit);
 *   - tag 0xFFFE WAVE_FORMAT_EXTENSIBLE, whose sub-format GUID starts with one of the tags above.
 * Any number of channels is mixed down to mono by averaging. Writers that stream to a pipe put 0 or 0xFFFFFFFF in the
 * sizes: a data chunk that claims more than the file holds is read to the end of the file. Everything else is a
 * `WavError`.
 */
import { ALAW_DECODE, ULAW_DECODE } from '../codecs/g711.js';
import { WavError } from './wav-error.js';

export const WAVE_FORMAT_PCM = 0x0001;
export const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
export const WAVE_FORMAT_ALAW = 0x0006;
export const WAVE_FORMAT_MULAW = 0x0007;
export const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

export interface WavFormat {
  /** The effective format tag (the sub-format for WAVE_FORMAT_EXTENSIBLE). */
  formatTag: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
}

export interface WavAudio {
  format: WavFormat;
  sampleRate: number;
  /** Mono samples in −1..1. */
  samples: Float32Array;
}

function tag(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

function readFormat(view: DataView, at: number, size: number): WavFormat {
  if (size < 16) throw new WavError('truncated', `fmt chunk of ${size} bytes`);
  let formatTag = view.getUint16(at, true);
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const blockAlign = view.getUint16(at + 12, true);
  const bitsPerSample = view.getUint16(at + 14, true);
  if (formatTag === WAVE_FORMAT_EXTENSIBLE) {
    // cbSize(2) validBits(2) channelMask(4) then the GUID, whose first two bytes are the format tag.
    if (size < 40) throw new WavError('truncated', 'WAVE_FORMAT_EXTENSIBLE fmt chunk shorter than 40 bytes');
    formatTag = view.getUint16(at + 24, true);
  }
  return { formatTag, channels, sampleRate, bitsPerSample, blockAlign };
}

function checkFormat(f: WavFormat): void {
  const supported =
    (f.formatTag === WAVE_FORMAT_PCM && [8, 16, 24, 32].includes(f.bitsPerSample)) ||
    (f.formatTag === WAVE_FORMAT_IEEE_FLOAT && (f.bitsPerSample === 32 || f.bitsPerSample === 64)) ||
    ((f.formatTag === WAVE_FORMAT_ALAW || f.formatTag === WAVE_FORMAT_MULAW) && f.bitsPerSample === 8);
  if (!supported) throw new WavError('unsupported', `format tag ${f.formatTag} with ${f.bitsPerSample}-bit samples`);
  if (f.channels < 1 || f.channels > 32) throw new WavError('unsupported', `${f.channels} channels`);
  if (f.sampleRate < 1000 || f.sampleRate > 384_000) throw new WavError('unsupported', `sample rate ${f.sampleRate} Hz`);
  if (f.blockAlign < f.channels * (f.bitsPerSample / 8)) throw new WavError('unsupported', `block align ${f.blockAlign}`);
}

/** One sample, −1..1, of the given format at byte offset `at`. */
function sampleAt(view: DataView, at: number, f: WavFormat): number {
  switch (f.formatTag) {
    case WAVE_FORMAT_PCM:
      switch (f.bitsPerSample) {
        case 8:
          return (view.getUint8(at) - 128) / 128;
        case 16:
          return view.getInt16(at, true) / 32768;
        case 24:
          return ((view.getUint8(at + 2) << 24) | (view.getUint8(at + 1) << 16) | (view.getUint8(at) << 8)) / 2147483648;
        default:
          return view.getInt32(at, true) / 2147483648;
      }
    case WAVE_FORMAT_IEEE_FLOAT:
      return f.bitsPerSample === 32 ? view.getFloat32(at, true) : view.getFloat64(at, true);
    case WAVE_FORMAT_ALAW:
      return ALAW_DECODE[view.getUint8(at)]! / 32768;
    default:
      return ULAW_DECODE[view.getUint8(at)]! / 32768;
  }
}

/** Parses a WAV file. Throws `WavError` for anything that is not a WAV file we can decode. */
export function readWav(bytes: Uint8Array): WavAudio {
  if (bytes.length < 12 || tag(bytes, 0) !== 'RIFF' || tag(bytes, 8) !== 'WAVE') {
    throw new WavError('not-riff', 'no RIFF/WAVE header');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: WavFormat | undefined;
  let data: { at: number; size: number } | undefined;
  for (let at = 12; at + 8 <= bytes.length && !data; ) {
    const id = tag(bytes, at);
    const declared = view.getUint32(at + 4, true);
    const body = at + 8;
    const streamed = id === 'data' && (declared === 0 || declared === 0xffffffff);
    const size = streamed ? bytes.length - body : declared;
    if (id === 'fmt ') {
      if (body + size > bytes.length) throw new WavError('truncated', 'fmt chunk runs past the end of the file');
      format = readFormat(view, body, size);
    } else if (id === 'data') {
      data = { at: body, size: Math.min(size, bytes.length - body) };
    }
    at = body + size + (size & 1);
  }
  if (!format) throw new WavError('no-format', 'no fmt chunk before the data');
  if (!data) throw new WavError('no-data', 'no data chunk');
  checkFormat(format);
  const frames = Math.floor(data.size / format.blockAlign);
  const samples = new Float32Array(frames);
  const bytesPerSample = format.bitsPerSample / 8;
  for (let i = 0; i < frames; i++) {
    const frameAt = data.at + i * format.blockAlign;
    let sum = 0;
    for (let c = 0; c < format.channels; c++) sum += sampleAt(view, frameAt + c * bytesPerSample, format);
    samples[i] = sum / format.channels;
  }
  return { format, sampleRate: format.sampleRate, samples };
}
