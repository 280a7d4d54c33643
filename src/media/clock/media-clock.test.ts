import { describe, expect, it } from 'vitest';
import { MediaClock, type MediaTick, type Pacer } from './media-clock.js';

/** A fake pacer whose wake-ups fire late by a chosen amount, to see that lateness does not accumulate. */
class FakePacer implements Pacer {
  t = 0;
  private queue: Array<{ at: number; fn: () => void; dead: boolean }> = [];
  constructor(private readonly lateBy: (n: number) => number = () => 0) {}
  private n = 0;
  now(): number {
    return this.t;
  }
  wakeAt(at: number, fn: () => void) {
    const item = { at: at + this.lateBy(this.n++), fn, dead: false };
    this.queue.push(item);
    return { cancel: () => (item.dead = true) };
  }
  run(until: number): void {
    for (;;) {
      this.queue = this.queue.filter((q) => !q.dead);
      this.queue.sort((a, b) => a.at - b.at);
      const q = this.queue[0];
      if (!q || q.at > until) break;
      this.queue.shift();
      this.t = Math.max(this.t, q.at);
      q.fn();
    }
    this.t = until;
  }
}

describe('MediaClock', () => {
  it('ticks every period on the ideal schedule with one wake-up for all subscribers', () => {
    const pacer = new FakePacer();
    const clock = new MediaClock(pacer, 20);
    const a: MediaTick[] = [];
    const b: number[] = [];
    clock.subscribe((t) => a.push(t));
    clock.subscribe((t) => b.push(t.index));
    pacer.run(1000);
    expect(a.map((t) => t.index)).toEqual(Array.from({ length: 51 }, (_, i) => i));
    expect(a.every((t) => t.ideal === t.index * 20 && t.lateMs === 0)).toBe(true);
    expect(b).toHaveLength(51);
  });

  it('does not drift when every wake-up is late: lateness stays bounded instead of accumulating', () => {
    // Each wake-up fires 0..3 ms late (a typical event loop); after 10,000 ticks the schedule is still on time.
    const pacer = new FakePacer((n) => (n * 7) % 4);
    const clock = new MediaClock(pacer, 20);
    const ticks: MediaTick[] = [];
    clock.subscribe((t) => ticks.push(t));
    pacer.run(200_000);
    expect(ticks).toHaveLength(10_001);
    expect(Math.max(...ticks.map((t) => t.lateMs))).toBeLessThanOrEqual(3);
    expect(ticks.at(-1)!.ideal).toBe(200_000);
  });

  it('delivers ticks missed during a short stall with their own indices, and skips ahead after a long one', () => {
    let stallAt = -1;
    const pacer = new FakePacer((n) => (n === stallAt ? 70 : 0));
    stallAt = 10;
    const clock = new MediaClock(pacer, 20, 5);
    const idx: number[] = [];
    clock.subscribe((t) => idx.push(t.index));
    pacer.run(400);
    // The 11th wake-up (tick 10, due at 200) fires at 270: ticks 10..13 run then, in order, none lost.
    expect(idx).toEqual(Array.from({ length: 21 }, (_, i) => i));
  });

  it('stops when the last subscriber leaves, and one throwing subscriber does not stop the others', () => {
    const pacer = new FakePacer();
    const clock = new MediaClock(pacer, 20);
    const seen: number[] = [];
    const off1 = clock.subscribe(() => {
      throw new Error('leg failed');
    });
    const off2 = clock.subscribe((t) => seen.push(t.index));
    pacer.run(40);
    expect(seen).toEqual([0, 1, 2]);
    off1();
    off2();
    expect(clock.running).toBe(false);
  });
});
