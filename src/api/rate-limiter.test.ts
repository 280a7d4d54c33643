import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../lib/fake-clock.js';
import { SlidingWindowLimiter } from './rate-limiter.js';

describe('SlidingWindowLimiter', () => {
  it('allows `limit` events per window and says when the next one fits', () => {
    const clock = new FakeClock();
    const limiter = new SlidingWindowLimiter(clock, 2, 60_000);
    limiter.record('k');
    clock.advance(10_000);
    limiter.record('k');
    expect(limiter.check('k')).toEqual({ allowed: false, retryAfterMs: 50_000 });
    expect(limiter.check('other').allowed).toBe(true);
    clock.advance(50_000);
    expect(limiter.check('k').allowed).toBe(true);
  });

  it('is disabled by a limit of 0', () => {
    const limiter = new SlidingWindowLimiter(new FakeClock(), 0, 1000);
    for (let i = 0; i < 10; i++) limiter.record('k');
    expect(limiter.check('k').allowed).toBe(true);
    expect(limiter.size).toBe(0);
  });

  it('undo takes back the last event', () => {
    const clock = new FakeClock();
    const limiter = new SlidingWindowLimiter(clock, 1, 1000);
    limiter.record('k');
    limiter.undo('k');
    expect(limiter.check('k').allowed).toBe(true);
    expect(limiter.size).toBe(0);
  });

  it('never lets more than `limit` events into any window (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 60 }), (limit, gaps) => {
        const clock = new FakeClock(0);
        const window = 5000;
        const limiter = new SlidingWindowLimiter(clock, limit, window);
        const accepted: number[] = [];
        for (const gap of gaps) {
          clock.advance(gap);
          const decision = limiter.check('k');
          if (decision.allowed) {
            limiter.record('k');
            accepted.push(clock.now());
          } else {
            expect(decision.retryAfterMs).toBeGreaterThan(0);
            expect(decision.retryAfterMs).toBeLessThanOrEqual(window);
          }
        }
        for (const t of accepted) {
          expect(accepted.filter((u) => u > t - window && u <= t).length).toBeLessThanOrEqual(limit);
        }
      }),
    );
  });

  it('sweeps keys whose window emptied', () => {
    const clock = new FakeClock();
    const limiter = new SlidingWindowLimiter(clock, 1, 1000);
    for (let i = 0; i < 1023; i++) limiter.record(`k${i}`);
    clock.advance(1001);
    limiter.record('last');
    expect(limiter.size).toBe(1);
  });
});
