import { describe, expect, it } from 'vitest';
import { LatenessHistogram } from './lateness-histogram.js';

describe('LatenessHistogram', () => {
  it('gives quantiles at the upper edge of their bin, and the max', () => {
    const h = new LatenessHistogram({ binMs: 0.1, maxMs: 10 });
    for (let i = 0; i < 99; i++) h.record(0.05);
    h.record(3.33);
    h.record(-1); // early counts as on time
    expect(h.count).toBe(101);
    expect(h.quantile(0.5)).toBeCloseTo(0.1);
    expect(h.quantile(1)).toBeCloseTo(3.4);
    expect(h.maxMs).toBeCloseTo(3.33);
    h.record(50); // beyond maxMs: the last bin, reported as the max
    expect(h.quantile(1)).toBe(50);
  });

  it('shares its bins through a SharedArrayBuffer and merges by adding', () => {
    const sab = LatenessHistogram.sharedBuffer({ binMs: 1, maxMs: 10 });
    const writer = new LatenessHistogram({ binMs: 1, maxMs: 10 }, sab);
    const reader = new LatenessHistogram({ binMs: 1, maxMs: 10 }, sab);
    writer.record(2.5);
    expect(reader.count).toBe(1);
    expect(reader.maxMs).toBe(2.5);
    const total = new LatenessHistogram({ binMs: 1, maxMs: 10 });
    total.merge(reader);
    total.merge(reader);
    expect(total.count).toBe(2);
    reader.reset();
    expect(writer.count).toBe(0);
  });
});
