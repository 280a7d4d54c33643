import { describe, expect, it } from 'vitest';
import { EventHeap } from './event-heap.js';
import { QlTruePredictor } from './predictors.js';
import { Rng } from './rng.js';
import { simulate, type SimConfig } from './simulation.js';

/** Erlang C: the probability that an arrival waits in M/M/s with offered load a = λ/μ (a < s). */
function erlangC(s: number, a: number): number {
  let term = 1;
  let sum = 0;
  for (let k = 0; k < s; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const last = (term * s) / (s - a); // a^s/s! · s/(s−a)
  return last / (sum + last);
}

/** Erlang A (M/M/s+M) from its birth-death chain: P(wait) and P(abandon) for an arrival (PASTA). */
function erlangA(s: number, lambda: number, mu: number, theta: number): { wait: number; abandon: number } {
  const pi = [1];
  for (let k = 1; k < 2000; k++) pi.push((pi[k - 1]! * lambda) / (Math.min(k, s) * mu + Math.max(k - s, 0) * theta));
  const total = pi.reduce((a, b) => a + b, 0);
  let wait = 0;
  let queue = 0;
  pi.forEach((p, k) => {
    if (k >= s) wait += p / total;
    queue += (Math.max(k - s, 0) * p) / total;
  });
  return { wait, abandon: (theta * queue) / lambda };
}

const base: SimConfig = {
  servers: 5,
  meanHandle: 1,
  meanPatience: Number.POSITIVE_INFINITY,
  arrivalRate: 4,
  horizon: 1e5 + 100,
  warmup: 100,
  seed: 7,
};

describe('Erlang-A simulation', () => {
  it('matches Erlang C on M/M/5 at ρ = 0.8: fraction who wait, mean wait, best RMSE', () => {
    const ql = new QlTruePredictor(5, 1, Number.POSITIVE_INFINITY);
    const r = simulate(base, [ql]);
    const c = erlangC(5, 4);
    expect(r.abandoned).toBe(0);
    expect(Math.abs(r.delayed / r.arrivals - c)).toBeLessThan(0.01);
    // E[W] = C / (sμ − λ).
    expect(r.servedWaitSum / r.served / (c / (5 - 4))).toBeGreaterThan(0.96);
    expect(r.servedWaitSum / r.served / (c / (5 - 4))).toBeLessThan(1.04);
    // W | n ~ Erlang(n+1, sμ) and n+1 | wait ~ Geometric(1−ρ): best RMSE 1/(sμ·sqrt(1−ρ)).
    const stats = r.stats.served[0]!;
    expect(stats.rmse / (1 / (5 * Math.sqrt(0.2)))).toBeGreaterThan(0.97);
    expect(stats.rmse / (1 / (5 * Math.sqrt(0.2)))).toBeLessThan(1.03);
    expect(Math.abs(stats.bias)).toBeLessThan(0.01);
  });

  it('matches the Erlang-A chain with abandonment, and QL-true is unbiased for the potential wait', () => {
    const config = { ...base, meanPatience: 2, arrivalRate: 5 };
    const ql = new QlTruePredictor(5, 1, 2);
    const r = simulate(config, [ql]);
    const exact = erlangA(5, 5, 1, 0.5);
    expect(Math.abs(r.delayed / r.arrivals - exact.wait)).toBeLessThan(0.01);
    expect(Math.abs(r.abandoned / r.arrivals - exact.abandon)).toBeLessThan(0.005);
    // Every delayed customer is scored against a potential wait; the served against their own.
    expect(r.stats.potential[0]!.n).toBe(r.delayed);
    expect(r.stats.served[0]!.n).toBe(r.delayed - r.abandoned);
    expect(Math.abs(r.stats.potential[0]!.bias)).toBeLessThan(0.01);
    // Scored on the served alone, the same predictor looks biased high (they are the patient ones).
    expect(r.stats.served[0]!.bias).toBeGreaterThan(0.01);
  });

  it('is reproducible from its seed, and a time-varying rate thins to the mean rate', () => {
    const config = { ...base, horizon: 2e4 + 100 };
    const a = simulate(config, [new QlTruePredictor(5, 1, Number.POSITIVE_INFINITY)]);
    const b = simulate(config, [new QlTruePredictor(5, 1, Number.POSITIVE_INFINITY)]);
    expect(b).toEqual(a);
    const varying = simulate(
      { ...config, arrivalRate: (t) => 4 + Math.sin(t / 50), maxArrivalRate: 5 },
      [],
    );
    expect(varying.arrivals / 2e4).toBeCloseTo(4, 1);
  });
});

describe('simulation building blocks', () => {
  it('EventHeap pops events in time order', () => {
    const rng = new Rng(1);
    const heap = new EventHeap();
    const times: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const t = rng.uniform() * 1000;
      times.push(t);
      heap.push(t, i % 3, i);
    }
    times.sort((x, y) => x - y);
    for (const t of times) {
      expect(heap.peekTime()).toBe(t);
      heap.pop();
    }
    expect(heap.size).toBe(0);
  });

  it('Rng draws uniform numbers in [0, 1) and exponentials with the right mean', () => {
    const rng = new Rng(42);
    let sum = 0;
    let expSum = 0;
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng.uniform();
      if (!(u >= 0 && u < 1)) outside += 1;
      sum += u;
      expSum += rng.exponential(3);
    }
    expect(outside).toBe(0);
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
    expect(expSum / 100_000 / 3).toBeCloseTo(1, 1);
    expect(new Rng(42).uniform()).toBe(new Rng(42).uniform());
  });
});
