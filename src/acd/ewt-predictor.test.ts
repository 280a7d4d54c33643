import { describe, expect, it } from 'vitest';
import { AcdValidationError } from './errors.js';
import { EwtPredictor, HANDLE_LAG, shiftedHarmonic, type EwtState } from './ewt-predictor.js';

/** Σ_{i=0}^{n} 1/(sμ + iθ), term by term: the Erlang-A queue-length predictor as written in the papers. */
function qlSum(n: number, sMu: number, theta: number): number {
  let sum = 0;
  for (let i = 0; i <= n; i++) sum += 1 / (sMu + i * theta);
  return sum;
}

/** A predictor whose θ̂ is exactly 1/patience: one abandon after `patience` seconds, nothing else. */
function withPatience(seed: number, patience: number): EwtPredictor {
  const ewt = new EwtPredictor(seed);
  ewt.observeWaitEnd(patience, true);
  return ewt;
}

describe('EwtPredictor.predict', () => {
  it('is 0 when a free operator is there for the request (free > ahead)', () => {
    const ewt = new EwtPredictor(300);
    expect(ewt.predict({ ahead: 0, staffed: 5, free: 1 })).toBe(0);
    expect(ewt.predict({ ahead: 2, staffed: 5, free: 3 })).toBe(0);
    expect(withPatience(300, 60).predict({ ahead: 4, staffed: 10, free: 5 })).toBe(0);
  });

  it('counts only the requests that free operators will not take at once when free <= ahead', () => {
    const ewt = new EwtPredictor(300);
    // 3 ahead, 2 operators free: they take the first two; one request is left ahead with all 10 busy.
    expect(ewt.predict({ ahead: 3, staffed: 10, free: 2 })).toBeCloseTo(2 / (10 / 300), 9);
  });

  it('is the M/M/s closed form (n+1)/(sμ) while nobody has hung up (θ = 0)', () => {
    const ewt = new EwtPredictor(300);
    for (const n of [0, 1, 9, 99, 10_000]) {
      expect(ewt.predict({ ahead: n, staffed: 100, free: 0 })).toBeCloseTo((n + 1) * 3, 9);
    }
    expect(ewt.predict({ ahead: 4, staffed: 1, free: 0 })).toBeCloseTo(5 * 300, 9);
  });

  it('is the Erlang-A sum Σ 1/(sμ + iθ) once abandonment is observed', () => {
    const ewt = withPatience(300, 120);
    expect(ewt.abandonRatePerSecond()).toBeCloseTo(1 / 120, 15);
    for (const staffed of [1, 10, 100]) {
      for (const n of [0, 1, 5, 31, 32, 33, 100, 1000, 10_000]) {
        const expected = qlSum(n, staffed / 300, 1 / 120);
        const got = ewt.predict({ ahead: n, staffed, free: 0 });
        expect(Math.abs(got - expected) / expected).toBeLessThan(1e-12);
      }
    }
  });

  it('grows with the position and stays below the no-abandonment wait', () => {
    const ewt = withPatience(300, 300);
    const waits = Array.from({ length: 10_000 }, (_, n) => ewt.predict({ ahead: n, staffed: 50, free: 0 }));
    expect(waits.every((w, n) => n === 0 || w > waits[n - 1]!)).toBe(true);
    expect(waits.every((w, n) => w <= ((n + 1) * 300) / 50 + 1e-9)).toBe(true);
  });

  it('is Infinity when nobody staffs the queue', () => {
    expect(new EwtPredictor(300).predict({ ahead: 0, staffed: 0, free: 0 })).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('shiftedHarmonic (Σ_{i<m} 1/(a+i) via digamma)', () => {
  it('matches the direct sum to 1e-12 relative over a wide range of a and m', () => {
    for (const a of [1e-3, 0.5, 1, 3.7, 9.99, 10, 42, 1e3, 1e6, 1e9, 1e12]) {
      for (const m of [0, 1, 2, 32, 33, 34, 100, 1234, 20_000]) {
        let direct = 0;
        for (let i = 0; i < m; i++) direct += 1 / (a + i);
        const got = shiftedHarmonic(a, m);
        if (m === 0) expect(got).toBe(0);
        else expect(Math.abs(got - direct) / direct).toBeLessThan(1e-12);
      }
    }
  });
});

describe('EwtPredictor learning', () => {
  it('starts from the seed and forgets a wrong seed within a few dozen calls', () => {
    const ewt = new EwtPredictor(60);
    expect(ewt.meanHandleSeconds()).toBe(60);
    for (let i = 0; i < 100; i++) ewt.observeHandle(100);
    expect(ewt.meanHandleSeconds()).toBeGreaterThan(90);
    for (let i = 0; i < 3000; i++) ewt.observeHandle(100);
    expect(ewt.meanHandleSeconds()).toBeCloseTo(100, 0);
  });

  it('estimates the mean of varying handle times, holding back the newest ones', () => {
    const ewt = new EwtPredictor(300);
    for (let i = 0; i < 5000; i++) ewt.observeHandle(i % 2 === 0 ? 100 : 300);
    expect(ewt.meanHandleSeconds()).toBeCloseTo(200, 0);
    // A step change shows only after the lag: the newest HANDLE_LAG handle times are not in the mean yet.
    for (let i = 0; i < HANDLE_LAG; i++) ewt.observeHandle(1000);
    expect(ewt.meanHandleSeconds()).toBeCloseTo(200, 0);
    for (let i = 0; i < 3000; i++) ewt.observeHandle(1000);
    expect(ewt.meanHandleSeconds()).toBeGreaterThan(900);
  });

  it('estimates θ as abandons / total time waited (exponential MLE with censoring)', () => {
    const ewt = new EwtPredictor(300);
    expect(ewt.abandonRatePerSecond()).toBe(0);
    // 9 of every 10 customers reach an operator after 30 s, 1 hangs up after 30 s: 1 abandon per 300 s waited.
    for (let i = 1; i <= 20_000; i++) ewt.observeWaitEnd(30, i % 10 === 0);
    expect(ewt.abandonRatePerSecond() * 300).toBeCloseTo(1, 2);
    // Served customers only add exposure: the rate falls as nobody hangs up any more.
    for (let i = 0; i < 20_000; i++) ewt.observeWaitEnd(30, false);
    expect(ewt.abandonRatePerSecond()).toBeLessThan(1 / 1000);
  });

  it('ignores observations that are not finite non-negative numbers', () => {
    const ewt = withPatience(300, 100);
    const before = ewt.toJSON();
    ewt.observeHandle(Number.NaN);
    ewt.observeHandle(-5);
    ewt.observeHandle(Number.POSITIVE_INFINITY);
    ewt.observeWaitEnd(Number.NaN, true);
    ewt.observeWaitEnd(-1, false);
    expect(ewt.toJSON()).toEqual(before);
  });

  it('refuses a seed that is not a positive number of seconds', () => {
    expect(() => new EwtPredictor(0)).toThrow(AcdValidationError);
    expect(() => new EwtPredictor(Number.NaN)).toThrow(AcdValidationError);
  });
});

describe('EwtPredictor state', () => {
  it('round-trips through toJSON, JSON and the constructor', () => {
    const ewt = new EwtPredictor(180);
    for (let i = 0; i < 2000; i++) ewt.observeHandle(200 + (i % 7) * 20);
    for (let i = 1; i <= 3000; i++) ewt.observeWaitEnd(10 + (i % 13), i % 4 === 0);
    const state = JSON.parse(JSON.stringify(ewt)) as EwtState;
    const restored = new EwtPredictor(999, state);
    expect(restored.toJSON()).toEqual(ewt.toJSON());
    expect(restored.abandonRatePerSecond()).toBe(ewt.abandonRatePerSecond());
    // The held-back handle times are folded into the persisted mean, so the restored predictor uses them already.
    expect(restored.meanHandleSeconds()).toBe(state.handleMean);
    for (const n of [0, 10, 500]) {
      expect(restored.predict({ ahead: n, staffed: 20, free: 0 })).toBeGreaterThan(0);
    }
  });

  it('falls back to the seed when the state is not usable', () => {
    const bad = { version: 1, handleMean: -3, handleWeight: 10, abandons: 0, exposure: 0 } as EwtState;
    expect(new EwtPredictor(240, bad).meanHandleSeconds()).toBe(240);
    const wrongVersion = { version: 2, handleMean: 100, handleWeight: 10, abandons: 0, exposure: 0 } as unknown as EwtState;
    expect(new EwtPredictor(240, wrongVersion).meanHandleSeconds()).toBe(240);
  });
});
