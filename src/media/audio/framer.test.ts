import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES, PcmFrameReader, frameCount, splitFrames } from './framer.js';

const ramp = (n: number): Int16Array => Int16Array.from({ length: n }, (_, i) => i + 1);

describe('20 ms framing', () => {
  it('uses 160 samples per frame at 8 kHz', () => {
    expect(FRAME_SAMPLES).toBe(160);
    expect(frameCount(320)).toBe(2);
    expect(frameCount(321)).toBe(3);
  });

  it('splits into views and zero-pads a short last frame', () => {
    const pcm = ramp(400);
    const frames = splitFrames(pcm);
    expect(frames.length).toBe(3);
    expect(frames[0]!.buffer).toBe(pcm.buffer);
    expect(frames[2]!.length).toBe(160);
    expect(frames[2]![79]).toBe(400);
    expect(frames[2]![80]).toBe(0);
    expect(splitFrames(new Int16Array(0))).toEqual([]);
  });

  it('reads frames into a caller buffer, pads the last, then reports done', () => {
    const reader = new PcmFrameReader(ramp(200));
    const out = new Int16Array(160);
    expect(reader.read(out)).toBe(true);
    expect(out[159]).toBe(160);
    expect(reader.read(out)).toBe(true);
    expect([out[0], out[39], out[40]]).toEqual([161, 200, 0]);
    expect(reader.done).toBe(true);
    expect(reader.read(out)).toBe(false);
    expect(out.every((s) => s === 0)).toBe(true);
    reader.rewind();
    expect(reader.done).toBe(false);
  });

  it('loops without a gap, wrapping inside a frame', () => {
    const reader = new PcmFrameReader(ramp(100), { loop: true });
    const out = new Int16Array(160);
    reader.read(out);
    expect([out[99], out[100], out[159]]).toEqual([100, 1, 60]);
    reader.read(out);
    expect(out[0]).toBe(61);
    expect(reader.done).toBe(false);
  });

  it('treats an empty prompt as done', () => {
    const reader = new PcmFrameReader(new Int16Array(0), { loop: true });
    expect(reader.read(new Int16Array(160))).toBe(false);
  });
});
