/**
 * A single-producer, single-consumer ring of 20 ms PCM frames in a `SharedArrayBuffer`: how audio crosses from the
 * thread that runs the sources (the main thread: players, TTS, prompts) to the media worker that sends it.
 *
 *     Int32 header: [0] frames written  [1] frames read  [2] flush point  [3] end point (-1: open)
 *     Int16 frames: `capacity` × 160 samples
 *
 * Counters only grow (wrapping after 2^31 frames, about 1.4 years of audio, handled by 32-bit differences); slot
 * k is frame k mod capacity. The writer never overwrites an unread frame; the reader never reads an unwritten one.
 * `flush` (a new source replaces the old one at once) moves the flush point to the write count, and the reader jumps
 * over everything before it; `end` marks where the source ended, so the reader returns false there (FrameSource).
 * Atomics order the header against the frame copies, so no lock is needed.
 */
import { FRAME_SAMPLES, type FrameSource } from '../../audio-frame.js';

const WRITTEN = 0;
const READ = 1;
const FLUSH = 2;
const END = 3;
const HEADER_BYTES = 16;

export function createFrameRing(capacity = 8): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(HEADER_BYTES + capacity * FRAME_SAMPLES * 2);
  new Int32Array(sab, 0, 4)[END] = -1;
  return sab;
}

class RingView {
  protected readonly header: Int32Array;
  protected readonly frames: Int16Array;
  readonly capacity: number;

  constructor(sab: SharedArrayBuffer) {
    this.header = new Int32Array(sab, 0, 4);
    this.frames = new Int16Array(sab, HEADER_BYTES);
    this.capacity = this.frames.length / FRAME_SAMPLES;
  }

  /** Frames written and not yet read (nor flushed). */
  get buffered(): number {
    const h = this.header;
    const written = Atomics.load(h, WRITTEN);
    const read = Atomics.load(h, READ);
    const flush = Atomics.load(h, FLUSH);
    return (written - (((flush - read) | 0) > 0 ? flush : read)) | 0;
  }
}

/** The producer's side (main thread). */
export class FrameRingWriter extends RingView {
  /** Copies one frame in; false when the ring is full (the reader is behind: try again next tick). */
  write(frame: Int16Array): boolean {
    if (this.buffered >= this.capacity) return false;
    const written = Atomics.load(this.header, WRITTEN);
    const at = ((written >>> 0) % this.capacity) * FRAME_SAMPLES;
    const frames = this.frames;
    for (let i = 0; i < FRAME_SAMPLES; i++) frames[at + i] = frame[i]!;
    Atomics.store(this.header, WRITTEN, (written + 1) | 0);
    return true;
  }

  /** Drops every frame not read yet and reopens the ring: a new source starts now. */
  flush(): void {
    Atomics.store(this.header, FLUSH, Atomics.load(this.header, WRITTEN));
    Atomics.store(this.header, END, -1);
  }

  /** The source ended after the frames written so far. */
  end(): void {
    Atomics.store(this.header, END, Atomics.load(this.header, WRITTEN));
  }
}

/** The consumer's side (media worker): a FrameSource a leg plays. */
export class FrameRingReader extends RingView implements FrameSource {
  /** Ticks that found the ring empty though the source had not ended (the producer was late): sent as silence. */
  underruns = 0;

  /** @param onFlushed called when the reader jumps over flushed frames: the next packet starts a talk spurt. */
  constructor(
    sab: SharedArrayBuffer,
    private readonly onFlushed: () => void = () => {},
  ) {
    super(sab);
  }

  read(out: Int16Array): boolean {
    const h = this.header;
    let read = Atomics.load(h, READ);
    const flush = Atomics.load(h, FLUSH);
    if (((flush - read) | 0) > 0) {
      read = flush;
      Atomics.store(h, READ, read);
      this.onFlushed();
    }
    const written = Atomics.load(h, WRITTEN);
    if (((written - read) | 0) > 0) {
      const at = ((read >>> 0) % this.capacity) * FRAME_SAMPLES;
      const frames = this.frames;
      for (let i = 0; i < FRAME_SAMPLES; i++) out[i] = frames[at + i]!;
      Atomics.store(h, READ, (read + 1) | 0);
      return true;
    }
    const end = Atomics.load(h, END);
    if (end !== -1 && ((read - end) | 0) >= 0) return false;
    this.underruns++;
    out.fill(0);
    return true;
  }
}
