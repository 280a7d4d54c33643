import { describe, expect, it } from 'vitest';
import { systemRng } from './rng.js';

describe('systemRng', () => {
  it('hands out hex of the asked length, different every time, across pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const h = systemRng.hex(10);
      expect(h).toMatch(/^[0-9a-f]{20}$/);
      seen.add(h);
    }
    expect(seen.size).toBe(2000);
    expect(systemRng.hex(5000)).toHaveLength(10_000);
  });
});
