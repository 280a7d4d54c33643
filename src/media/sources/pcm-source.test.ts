import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../audio-frame.js';
import { drain, ramp } from './fixtures.test-support.js';
import { PcmSource } from './pcm-source.js';

describe('PcmSource', () => {
  it('plays 1 s of 8 kHz PCM as 50 frames, in order, then ends', () => {
    const pcm = ramp(8000);
    const source = new PcmSource(pcm);
    expect(source.durationMs).toBe(1000);
    const { pcm: out, frames } = drain(source);
    expect(frames).toBe(50);
    expect(out).toEqual(pcm);
    expect(source.ended).toBe(true);
    expect(source.read(new Int16Array(FRAME_SAMPLES))).toBe(false);
  });

  it('pads a short last frame with silence', () => {
    const { pcm, frames } = drain(new PcmSource(ramp(200)));
    expect(frames).toBe(2);
    expect(pcm.subarray(0, 200)).toEqual(ramp(200));
    expect(pcm.subarray(200).every((s) => s === 0)).toBe(true);
  });

  it('loops without a gap: the sample after the last is the first', () => {
    const pcm = ramp(250);
    const { pcm: out } = drain(new PcmSource(pcm, { loop: true }), 10);
    for (let i = 0; i < out.length; i++) expect(out[i]).toBe(pcm[i % 250]);
  });

  it('rewinds to the start and reports its position', () => {
    const source = new PcmSource(ramp(800));
    const frame = new Int16Array(FRAME_SAMPLES);
    source.read(frame);
    source.read(frame);
    expect(source.positionMs).toBe(40);
    source.rewind();
    source.read(frame);
    expect(frame[0]).toBe(1);
  });

  it('an empty source ends at once, even when looping', () => {
    expect(new PcmSource(new Int16Array(0), { loop: true }).read(new Int16Array(FRAME_SAMPLES))).toBe(false);
  });
});
