import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../lib/fake-clock.js';
import { DEFAULT_TIMERS } from '../transaction/timer-values.js';
import { SuccessRetransmitter } from './success-retransmitter.js';

describe('2xx retransmission by the UAS core (RFC 3261 §13.3.1.4)', () => {
  it('re-sends at T1, 2T1, 4T1 ... capped at T2 until the ACK arrives', () => {
    const clock = new FakeClock();
    const t0 = clock.now();
    const sent: number[] = [];
    const r = new SuccessRetransmitter(clock, DEFAULT_TIMERS);
    r.start('k', () => sent.push(clock.now() - t0), () => sent.push(-1));
    clock.advance(16_000);
    expect(sent).toEqual([500, 1500, 3500, 7500, 11500, 15500]);
    expect(r.acknowledged('k')).toBe(true);
    clock.advance(60_000);
    expect(sent).toHaveLength(6);
  });

  it('gives up after 64*T1 without an ACK so the session can be ended with a BYE', () => {
    const clock = new FakeClock();
    let gaveUp = false;
    const r = new SuccessRetransmitter(clock, DEFAULT_TIMERS);
    r.start('k', () => undefined, () => (gaveUp = true));
    clock.advance(31_000);
    expect(gaveUp).toBe(false);
    clock.advance(4_000);
    expect(gaveUp).toBe(true);
    expect(r.size).toBe(0);
  });
});
