import { describe, expect, it } from 'vitest';
import { createFrameRing, FrameRingReader, FrameRingWriter } from './frame-ring.js';

const frame = (v: number): Int16Array => new Int16Array(160).fill(v);

describe('FrameRing (SharedArrayBuffer, one writer, one reader)', () => {
  it('passes frames in order, never more than its capacity, and sends silence on underrun', () => {
    const sab = createFrameRing(4);
    const w = new FrameRingWriter(sab);
    const r = new FrameRingReader(sab);
    expect([1, 2, 3, 4, 5].map((v) => w.write(frame(v)))).toEqual([true, true, true, true, false]);
    expect(w.buffered).toBe(4);
    const out = new Int16Array(160);
    const got: number[] = [];
    for (let i = 0; i < 4; i++) {
      expect(r.read(out)).toBe(true);
      got.push(out[0]!);
    }
    expect(got).toEqual([1, 2, 3, 4]);
    out.fill(9);
    expect(r.read(out)).toBe(true); // the producer is late: silence, not the end
    expect(out.every((x) => x === 0)).toBe(true);
    expect(r.underruns).toBe(1);
    for (let v = 10; v < 30; v++) {
      w.write(frame(v));
      r.read(out);
      expect(out[159]).toBe(v); // wraps around the slots
    }
  });

  it('flush drops unread frames at once (a new source) and tells the reader', () => {
    const sab = createFrameRing(4);
    const w = new FrameRingWriter(sab);
    let flushed = 0;
    const r = new FrameRingReader(sab, () => flushed++);
    w.write(frame(1));
    w.write(frame(2));
    w.flush();
    expect(w.buffered).toBe(0);
    w.write(frame(7));
    const out = new Int16Array(160);
    r.read(out);
    expect(out[0]).toBe(7);
    expect(flushed).toBe(1);
  });

  it('end makes the reader return false after the last frame; flush reopens it', () => {
    const sab = createFrameRing(4);
    const w = new FrameRingWriter(sab);
    const r = new FrameRingReader(sab);
    w.write(frame(1));
    w.end();
    const out = new Int16Array(160);
    expect(r.read(out)).toBe(true);
    expect(r.read(out)).toBe(false);
    expect(r.read(out)).toBe(false);
    w.flush();
    w.write(frame(2));
    expect(r.read(out)).toBe(true);
    expect(out[0]).toBe(2);
  });
});
