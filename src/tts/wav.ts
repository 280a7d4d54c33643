/**
 * A minimal RIFF/WAVE reader for what speech engines write: PCM, 16-bit, mono (stereo is averaged down).
 *
 * Deliberately small and local to tts/: the general WAV reader and resampler live in media/audio/, and tts/ must not
 * depend on media/. Layout: "RIFF" size "WAVE", then chunks (4-byte id, 4-byte little-endian size, data, pad byte when
 * the size is odd). We need "fmt " (format tag 1 = PCM, or 0xFFFE = WAVE_FORMAT_EXTENSIBLE whose sub-format starts
 * with 0x0001) and "data". Engines that write to a pipe put 0xFFFFFFFF or 0x7FFFFFFF in the sizes (they cannot seek
 * back), so a data chunk that claims more than the file holds is read to the end of the file.
 */
import type { SynthesizedAudio } from './tts-engine.js';
import { TtsError } from './tts-error.js';

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

function fail(message: string): never {
  throw new TtsError('engine-failed', `malformed WAV from the speech engine: ${message}`);
}

function tag(view: DataView, offset: number): string {
  return String.fromCharCode(view.getUint8(offset), view.getUint8(offset + 1), view.getUint8(offset + 2), view.getUint8(offset + 3));
}

/** Parses a 16-bit PCM WAV file into mono samples. Throws {@link TtsError} (`engine-failed`) on anything else. */
export function parseWav16(bytes: Uint8Array): SynthesizedAudio {
  if (bytes.length < 12) fail(`${bytes.length} bytes is shorter than a RIFF header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (tag(view, 0) !== 'RIFF' || tag(view, 8) !== 'WAVE') fail('no RIFF/WAVE header');

  let format: { channels: number; sampleRate: number; bits: number } | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = tag(view, offset);
    const declared = view.getUint32(offset + 4, true);
    const body = offset + 8;
    const size = Math.min(declared, bytes.length - body);
    if (id === 'fmt ') {
      if (size < 16) fail(`fmt chunk of ${size} bytes`);
      let formatTag = view.getUint16(body, true);
      if (formatTag === WAVE_FORMAT_EXTENSIBLE && size >= 26) formatTag = view.getUint16(body + 24, true);
      if (formatTag !== WAVE_FORMAT_PCM) fail(`format tag 0x${formatTag.toString(16)} is not PCM`);
      format = { channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
      if (format.bits !== 16) fail(`${format.bits}-bit samples (only 16-bit is supported)`);
      if (format.channels < 1) fail('zero channels');
      if (format.sampleRate < 1000 || format.sampleRate > 384_000) fail(`sample rate ${format.sampleRate} Hz`);
    } else if (id === 'data') {
      if (!format) fail('data chunk before fmt chunk');
      return { sampleRate: format.sampleRate, samples: toMono(view, body, size, format.channels) };
    }
    offset = body + size + (size % 2);
  }
  return fail(format ? 'no data chunk' : 'no fmt chunk');
}

function toMono(view: DataView, start: number, size: number, channels: number): Int16Array {
  const frames = Math.floor(size / (2 * channels));
  const out = new Int16Array(frames);
  for (let i = 0, p = start; i < frames; i++) {
    if (channels === 1) {
      out[i] = view.getInt16(p, true);
      p += 2;
    } else {
      let sum = 0;
      for (let c = 0; c < channels; c++, p += 2) sum += view.getInt16(p, true);
      out[i] = Math.round(sum / channels);
    }
  }
  return out;
}

/** Writes mono 16-bit samples as a WAV file (for tests, debugging and `docs`: listen to what the engine said). */
export function encodeWav16(audio: SynthesizedAudio): Uint8Array {
  const dataBytes = audio.samples.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  const put = (offset: number, s: string): void => {
    for (let i = 0; i < 4; i++) view.setUint8(offset + i, s.charCodeAt(i));
  };
  put(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, WAVE_FORMAT_PCM, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, audio.sampleRate, true);
  view.setUint32(28, audio.sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  put(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < audio.samples.length; i++) view.setInt16(44 + i * 2, audio.samples[i]!, true);
  return out;
}
