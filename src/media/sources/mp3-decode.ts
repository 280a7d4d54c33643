/**
 * MPEG audio (MP3, and Layer I/II, which the same decoder reads) → 8 kHz 16-bit mono PCM with the `mpg123-decoder`
 * WASM build of mpg123. The file is fed in slices of {@link MP3_SLICE_BYTES}; each slice is decoded, mixed to mono
 * and resampled, then the event loop gets a turn, so a long file never stalls the media clock. mpg123 skips ID3v2
 * tags and resynchronises over junk; gapless mode (on by default) trims the encoder delay and padding that the LAME
 * header declares, so a prompt has no extra silence at either end.
 */
import { MPEGDecoder } from 'mpg123-decoder';
import { AudioLoadError } from './audio-load-error.js';
import { Pcm8kAccumulator, yieldToEventLoop } from './pcm8k-accumulator.js';
import type { SliceOptions } from './pcm8k-accumulator.js';
import { PcmSource } from './pcm-source.js';
import type { PcmSourceOptions } from './pcm-source.js';

/** Compressed bytes decoded between two yields: about 1 s of 128 kbit/s audio. */
export const MP3_SLICE_BYTES = 16_384;

function mixToMono(channels: Float32Array[], count: number): Float32Array {
  if (channels.length === 1) return channels[0]!.subarray(0, count);
  const mono = new Float32Array(count);
  for (const channel of channels) for (let i = 0; i < count; i++) mono[i] = mono[i]! + channel[i]!;
  const scale = 1 / channels.length;
  for (let i = 0; i < count; i++) mono[i] = mono[i]! * scale;
  return mono;
}

/** Throws AudioLoadError `decode-failed` when nothing decodes or the stream changes its sample rate. */
export async function decodeMp3(bytes: Uint8Array, options: SliceOptions = {}): Promise<Int16Array> {
  const yieldFn = options.yieldFn ?? yieldToEventLoop;
  const decoder = new MPEGDecoder();
  try {
    await decoder.ready;
    let acc: Pcm8kAccumulator | undefined;
    for (let at = 0; at < bytes.length; at += MP3_SLICE_BYTES) {
      options.checkpoint?.();
      const result = decoder.decode(bytes.subarray(at, at + MP3_SLICE_BYTES));
      if (result.samplesDecoded > 0) {
        // A rough size guess from the bitrate-free ratio of the first slice keeps reallocations rare.
        acc ??= new Pcm8kAccumulator(result.sampleRate, (result.samplesDecoded * bytes.length) / Math.min(bytes.length, at + MP3_SLICE_BYTES));
        if (result.sampleRate !== acc.fromRate) {
          throw new AudioLoadError('decode-failed', `MP3: sample rate changes from ${acc.fromRate} to ${result.sampleRate} Hz`);
        }
        acc.push(mixToMono(result.channelData, result.samplesDecoded));
      }
      if (at + MP3_SLICE_BYTES < bytes.length) await yieldFn();
    }
    options.checkpoint?.();
    const pcm = acc?.finish();
    if (!pcm || pcm.length === 0) throw new AudioLoadError('decode-failed', 'MP3: no audio frames decoded');
    return pcm;
  } catch (e) {
    if (e instanceof AudioLoadError) throw e;
    throw new AudioLoadError('decode-failed', `MP3: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  } finally {
    decoder.free();
  }
}

/** An MP3 file as a ready {@link PcmSource}. */
export async function mp3Source(bytes: Uint8Array, options: PcmSourceOptions & SliceOptions = {}): Promise<PcmSource> {
  return new PcmSource(await decodeMp3(bytes, options), options);
}
