/**
 * The source most others become: 8 kHz 16-bit mono PCM already in memory (a decoded prompt, a rendered tone, a
 * synthesized phrase), read a 20 ms frame at a time. Reading is a copy into the caller's frame; nothing is allocated
 * per frame. A looping source wraps to its start inside the frame, so the loop point has no gap.
 */
import { FRAME_SAMPLES, SAMPLE_RATE } from '../audio-frame.js';
import { PcmFrameReader } from '../audio/framer.js';
import type { RewindableSource } from './source-kinds.js';

export interface PcmSourceOptions {
  /** Start over at the end, forever (default false). */
  readonly loop?: boolean;
}

export class PcmSource implements RewindableSource {
  private readonly reader: PcmFrameReader;

  /** `pcm` is 8 kHz mono; it is read, never written, so several sources may share one decoded prompt. */
  constructor(
    readonly pcm: Int16Array,
    readonly options: PcmSourceOptions = {},
  ) {
    this.reader = new PcmFrameReader(pcm, { loop: options.loop ?? false, frameSize: FRAME_SAMPLES });
  }

  /** Length of one pass in milliseconds. */
  get durationMs(): number {
    return (this.pcm.length * 1000) / SAMPLE_RATE;
  }

  /** Milliseconds played in the current pass. */
  get positionMs(): number {
    return (this.reader.offset * 1000) / SAMPLE_RATE;
  }

  /** True once a non-looping source has handed out every sample. */
  get ended(): boolean {
    return this.reader.done || this.pcm.length === 0;
  }

  read(out: Int16Array): boolean {
    return this.reader.read(out);
  }

  rewind(): void {
    this.reader.rewind();
  }
}
