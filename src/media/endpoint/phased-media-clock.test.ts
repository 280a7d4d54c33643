import { describe, expect, it } from 'vitest';
import type { MediaTick } from '../clock/media-clock.js';
import { FakePacer } from './fake-media-network.test-support.js';
import { PhasedMediaClock } from './phased-media-clock.js';

describe('PhasedMediaClock', () => {
  it('spreads subscribers over the period: group g is due g·period/phases after the period starts', () => {
    const pacer = new FakePacer();
    const clock = new PhasedMediaClock(pacer, { phases: 4, periodMs: 20 });
    const ticks: MediaTick[][] = [];
    for (let i = 0; i < 8; i++) {
      const mine: MediaTick[] = [];
      ticks.push(mine);
      clock.subscribe((t) => mine.push({ ...t }));
    }
    expect(clock.groupSizes()).toEqual([2, 2, 2, 2]);
    pacer.run(100);
    // Subscriber 0 is in group 0 (due at 0, 20, ...), subscriber 1 in group 1 (due at 5, 25, ...), and so on.
    expect(ticks[0]!.map((t) => t.ideal)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(ticks[1]!.map((t) => t.ideal)).toEqual([5, 25, 45, 65, 85]);
    expect(ticks[3]!.map((t) => t.ideal)).toEqual([15, 35, 55, 75, 95]);
    // Each subscriber sees frame indices 0, 1, 2, ... exactly 20 ms apart: its own drift-free schedule.
    for (const mine of ticks) expect(mine.map((t) => t.index)).toEqual(mine.map((_, i) => i));
  });

  it('puts a newcomer in the least crowded group and stops when the last subscriber leaves', () => {
    const pacer = new FakePacer();
    const clock = new PhasedMediaClock(pacer, { phases: 3 });
    const offs = [0, 1, 2, 3].map(() => clock.subscribe(() => {}));
    expect(clock.groupSizes()).toEqual([2, 1, 1]);
    offs[0]!();
    offs[0]!(); // twice is harmless
    expect(clock.groupSizes()).toEqual([1, 1, 1]);
    clock.subscribe(() => {});
    expect(clock.size).toBe(4);
    for (const off of offs) off();
    expect(clock.size).toBe(1);
  });

  it('keeps the schedule when wake-ups are late, and a throwing subscriber does not stop the others', () => {
    const pacer = new FakePacer();
    const clock = new PhasedMediaClock(pacer, { phases: 2 });
    const seen: number[] = [];
    clock.subscribe(() => {
      throw new Error('broken leg');
    });
    clock.subscribe((t) => seen.push(t.index));
    pacer.run(10);
    pacer.t = 75; // a 65 ms stall: the missed ticks come at once, with their own indices
    pacer.run(75);
    expect(seen).toEqual([0, 1, 2, 3]);
  });
});
