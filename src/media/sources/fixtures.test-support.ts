/**
 * Fixtures for the source, loader and player tests: WAV files built by hand (any rate, any channel count), the MP3
 * files of test-data/, and a collecting FrameOutput.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FrameSource } from '../audio-frame.js';
import { FRAME_SAMPLES } from '../audio-frame.js';

/** A 16-bit PCM WAV of `channels` identical channels holding a sine. */
export function sineWav(frequency: number, seconds: number, rate: number, channels = 1, amplitude = 0.5): Uint8Array {
  const frames = Math.round(seconds * rate);
  const dataBytes = frames * channels * 2;
  const out = new Uint8Array(44 + dataBytes);
  const v = new DataView(out.buffer);
  out.set(Buffer.from('RIFF'), 0);
  v.setUint32(4, 36 + dataBytes, true);
  out.set(Buffer.from('WAVEfmt '), 8);
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * channels * 2, true);
  v.setUint16(32, channels * 2, true);
  v.setUint16(34, 16, true);
  out.set(Buffer.from('data'), 36);
  v.setUint32(40, dataBytes, true);
  for (let i = 0; i < frames; i++) {
    const s = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * frequency * i) / rate));
    for (let c = 0; c < channels; c++) v.setInt16(44 + (i * channels + c) * 2, s, true);
  }
  return out;
}

export function mp3Fixture(name: 'tone-1k-44100-stereo.mp3' | 'tone-440-22050-mono.mp3'): Uint8Array {
  return new Uint8Array(readFileSync(fileURLToPath(new URL(`./test-data/${name}`, import.meta.url))));
}

/** Reads `frames` frames (or until the source ends) and returns the concatenated audio and the frames read. */
export function drain(source: FrameSource, maxFrames = 100_000): { pcm: Int16Array; frames: number } {
  const chunks: Int16Array[] = [];
  const frame = new Int16Array(FRAME_SAMPLES);
  while (chunks.length < maxFrames && source.read(frame)) chunks.push(frame.slice());
  const pcm = new Int16Array(chunks.length * FRAME_SAMPLES);
  chunks.forEach((c, i) => pcm.set(c, i * FRAME_SAMPLES));
  return { pcm, frames: chunks.length };
}

/** A PCM ramp 1, 2, 3, ... (mod 30000) of `length` samples: every sample says where it came from. */
export function ramp(length: number, start = 1): Int16Array {
  return Int16Array.from({ length }, (_, i) => ((start - 1 + i) % 30000) + 1);
}

/** Waits for pending promise callbacks (loads that resolved, events queued as microtasks) to run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
