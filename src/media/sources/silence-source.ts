/** Silence for a while (a pause between prompts) or forever (`Infinity`, the default): zeros, nothing allocated. */
import { FRAME_SAMPLES, SAMPLE_RATE } from '../audio-frame.js';
import type { RewindableSource } from './source-kinds.js';

export class SilenceSource implements RewindableSource {
  private readonly totalFrames: number;
  private played = 0;

  /** Whole 20 ms frames, rounded up: 30 ms of silence is two frames. */
  constructor(readonly durationMs = Infinity) {
    this.totalFrames = Number.isFinite(durationMs) ? Math.ceil((Math.max(0, durationMs) * SAMPLE_RATE) / 1000 / FRAME_SAMPLES) : Infinity;
  }

  read(out: Int16Array): boolean {
    out.fill(0, 0, FRAME_SAMPLES);
    if (this.played >= this.totalFrames) return false;
    this.played++;
    return true;
  }

  rewind(): void {
    this.played = 0;
  }
}
