import { describe, expect, it } from 'vitest';
import { SourceRateLimiter } from './source-rate-limiter.js';

describe('SourceRateLimiter', () => {
  it('allows a burst, then the sustained rate, per source', () => {
    const l = new SourceRateLimiter(2, 5);
    const t = 1000;
    expect(Array.from({ length: 6 }, () => l.allow('a', t))).toEqual([true, true, true, true, true, false]);
    expect(l.allow('b', t)).toBe(true);
    expect(l.allow('a', t + 499)).toBe(false);
    expect(l.allow('a', t + 500)).toBe(true);
  });

  it('keeps its table bounded under a flood of distinct sources', () => {
    const l = new SourceRateLimiter(1, 1, 1000);
    for (let i = 0; i < 10_000; i++) l.allow(`10.0.${i >> 8}.${i & 255}`, i);
    expect(l.size).toBeLessThanOrEqual(1000);
  });
});
