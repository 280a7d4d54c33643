/**
 * 20 ms framing: G.711 at 8 kHz sends 160 samples per packet (RFC 3551 §4.5: default packetization 20 ms). A decoded
 * prompt is one long Int16Array; the player reads it a frame at a time into its own buffer, padding the last frame
 * with silence, optionally looping.
 */

export const SAMPLE_RATE = 8000;
export const FRAME_MS = 20;
export const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000;

/** Number of frames `sampleCount` samples occupy (the last one padded). */
export function frameCount(sampleCount: number, frameSize = FRAME_SAMPLES): number {
  return Math.ceil(sampleCount / frameSize);
}

/** Splits PCM into frames: views into `pcm`, except a short last frame, which is copied and zero-padded. */
export function splitFrames(pcm: Int16Array, frameSize = FRAME_SAMPLES): Int16Array[] {
  const frames: Int16Array[] = [];
  for (let start = 0; start < pcm.length; start += frameSize) {
    if (start + frameSize <= pcm.length) {
      frames.push(pcm.subarray(start, start + frameSize));
    } else {
      const last = new Int16Array(frameSize);
      last.set(pcm.subarray(start));
      frames.push(last);
    }
  }
  return frames;
}

/** Reads PCM a frame at a time into a caller buffer, without allocating. */
export class PcmFrameReader {
  private position = 0;

  constructor(
    private readonly pcm: Int16Array,
    private readonly options: { loop?: boolean; frameSize?: number } = {},
  ) {}

  get frameSize(): number {
    return this.options.frameSize ?? FRAME_SAMPLES;
  }

  /** True when a non-looping reader has handed out every sample. */
  get done(): boolean {
    return !this.options.loop && this.position >= this.pcm.length;
  }

  /** Samples read so far in the current pass. */
  get offset(): number {
    return this.position;
  }

  /**
   * Fills `out` (`frameSize` samples) with the next frame. A looping reader wraps to the start inside the frame; a
   * non-looping one pads with silence. Returns false, leaving `out` silent, once a non-looping reader is done.
   */
  read(out: Int16Array): boolean {
    const size = this.frameSize;
    if (this.done || this.pcm.length === 0) {
      out.fill(0, 0, size);
      return false;
    }
    let written = 0;
    while (written < size) {
      if (this.position >= this.pcm.length) {
        if (!this.options.loop) break;
        this.position = 0;
      }
      const n = Math.min(size - written, this.pcm.length - this.position);
      for (let i = 0; i < n; i++) out[written + i] = this.pcm[this.position + i]!;
      written += n;
      this.position += n;
    }
    out.fill(0, written, size);
    return true;
  }

  rewind(): void {
    this.position = 0;
  }
}
