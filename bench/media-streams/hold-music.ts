/**
 * Hold music for the benchmark: an 8-second loop of a generated chord progression (four chords, each a sum of
 * sines under a soft attack/decay envelope), shared by every leg; each leg starts reading at its own offset, as
 * callers put on hold at different moments would. Reading a frame is a 160-sample copy, like a decoded WAV loop.
 */
import { FRAME_SAMPLES, type FrameSource } from '../../src/media/audio-frame.js';

const RATE = 8000;
const LOOP_SECONDS = 8;
const CHORDS: readonly (readonly number[])[] = [
  [261.63, 329.63, 392.0], // C
  [220.0, 261.63, 329.63], // Am
  [174.61, 220.0, 261.63], // F
  [196.0, 246.94, 293.66], // G
];

function render(): Int16Array {
  const pcm = new Int16Array(RATE * LOOP_SECONDS);
  const chordSamples = pcm.length / CHORDS.length;
  for (let i = 0; i < pcm.length; i++) {
    const chord = CHORDS[Math.floor(i / chordSamples)]!;
    const t = i / RATE;
    const inChord = (i % chordSamples) / chordSamples;
    const envelope = Math.min(1, inChord * 20) * (1 - 0.6 * inChord);
    let v = 0;
    for (const f of chord) v += Math.sin(2 * Math.PI * f * t) + 0.3 * Math.sin(4 * Math.PI * f * t);
    pcm[i] = Math.round(v * envelope * 2500);
  }
  return pcm;
}

export const HOLD_MUSIC: Int16Array = render();

export class HoldMusicSource implements FrameSource {
  private at: number;

  constructor(
    private readonly pcm: Int16Array = HOLD_MUSIC,
    startFrame = 0,
  ) {
    this.at = (startFrame * FRAME_SAMPLES) % pcm.length;
  }

  read(out: Int16Array): boolean {
    const pcm = this.pcm;
    const at = this.at;
    for (let i = 0; i < FRAME_SAMPLES; i++) out[i] = pcm[at + i]!;
    this.at = at + FRAME_SAMPLES;
    if (this.at >= this.pcm.length) this.at = 0;
    return true;
  }
}
