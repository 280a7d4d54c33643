import { EventHeap } from './event-heap.js';
import { Rng } from './rng.js';

/**
 * Discrete-event simulation of an Erlang-A call center (M/M/s+M, or M_t/M/s+M with a time-varying arrival rate):
 * Poisson arrivals (non-homogeneous by thinning, Lewis & Shedler 1979), exponential handle times, exponential
 * patience, s operators, first-come first-served. Every customer who finds all operators busy is asked for each
 * predictor's estimate at arrival; the estimate is scored against the wait the customer really had.
 *
 * Two scorings:
 * - `served`: customers who reached an operator, against their actual wait (the primary score).
 * - `potential`: every delayed customer against their potential waiting time, the wait they would have had with
 *   unlimited patience. For a served customer it is the actual wait. A customer who hangs up stays in the line as a
 *   "ghost" that takes no operator; the ghost reaches the head of the line when everyone ahead of it has been served
 *   or has hung up, and its potential wait ends at the next moment an operator frees up: under FCFS the customers
 *   ahead of it never depend on it, so that is exactly when it would have been answered.
 */

export interface SimConfig {
  servers: number;
  /** Seconds; a function of the time the service starts, to model a drifting handle time. */
  meanHandle: number | ((t: number) => number);
  /** Seconds; Infinity = nobody hangs up. */
  meanPatience: number;
  /** Arrivals per second; a number, or a function of time (then `maxArrivalRate` bounds it for thinning). */
  arrivalRate: number | ((t: number) => number);
  maxArrivalRate?: number;
  /** Arrivals stop at this time (seconds); customers still in the system are then run to the end of their wait. */
  horizon: number;
  /** Customers arriving before this time are not scored (predictors still learn from them). */
  warmup: number;
  seed: number;
  /** Scored customers are grouped by arrival time into this many batches (batch means, for confidence intervals). */
  batches?: number;
  /** Called once when arrivals stop (before the customers still in the system are run out). */
  onHorizon?: () => void;
}

/** What a predictor may look at when a delayed customer arrives. */
export interface QueueView {
  now: number;
  /** Customers still waiting, excluding the one arriving (= requests ahead of it). */
  waiting: number;
  servers: number;
  /** Arrival time of the customer at the head of the line, or NaN if nobody is waiting. */
  headArrival(): number;
}

export interface Predictor {
  readonly name: string;
  /** Seconds until this (delayed) arriving customer reaches an operator. */
  estimate(view: QueueView): number;
  /** A customer reached an operator (every customer, including those who did not wait). */
  onServiceStart(arrival: number, now: number): void;
  /** An operator finished a request that took `handle` seconds; `waiting` customers are waiting at that moment. */
  onServiceEnd(handle: number, waiting: number): void;
  /** A waiting customer hung up. */
  onAbandon(arrival: number, now: number): void;
}

export type Scoring = 'served' | 'potential';
export const SCORINGS: readonly Scoring[] = ['served', 'potential'];

export interface ErrorStats {
  n: number;
  rmse: number;
  mae: number;
  bias: number;
  /** RMSE of each batch of arrivals (batch means). */
  batchRmse: number[];
}

export interface SimResult {
  /** Customers arriving after the warm-up. */
  arrivals: number;
  delayed: number;
  served: number;
  abandoned: number;
  /** Sum of the waits of scored served customers (0 for those who did not wait). */
  servedWaitSum: number;
  simulatedSeconds: number;
  stats: Record<Scoring, ErrorStats[]>;
}

const WAITING = 1;
const GHOST = 2;

const COMPLETION = 0;
const ABANDON = 1;

export function simulate(config: SimConfig, predictors: readonly Predictor[]): SimResult {
  const { servers, meanHandle, meanPatience, horizon, warmup } = config;
  const batches = config.batches ?? 20;
  const rate = config.arrivalRate;
  const maxRate = typeof rate === 'number' ? rate : (config.maxArrivalRate ?? Number.NaN);
  if (!(maxRate > 0)) throw new Error('a time-varying arrival rate needs maxArrivalRate > 0');
  const rng = new Rng(config.seed);
  const p = predictors.length;
  const span = horizon - warmup;

  // The line, a ring buffer indexed by a queue sequence number (qseq & mask). Ghosts stay in it until resolved.
  let cap = 1024;
  let mask = cap - 1;
  let qArrival = new Float64Array(cap);
  let qState = new Uint8Array(cap);
  let qEstimates = new Float64Array(cap * p);
  let head = 0;
  let tail = 0;
  let waiting = 0;

  // Accumulators: [scoring][predictor] → n, Σerr, Σ|err|, Σerr², and per batch n, Σerr².
  const sums = SCORINGS.map(() => new Float64Array(p * 4));
  const batchSums = SCORINGS.map(() => new Float64Array(p * batches * 2));
  const record = (scoring: number, slot: number, arrival: number, actual: number): void => {
    const batch = Math.min(batches - 1, Math.floor(((arrival - warmup) / span) * batches));
    const s = sums[scoring]!;
    const b = batchSums[scoring]!;
    for (let i = 0; i < p; i++) {
      const err = qEstimates[slot * p + i]! - actual;
      s[i * 4] = s[i * 4]! + 1;
      s[i * 4 + 1] = s[i * 4 + 1]! + err;
      s[i * 4 + 2] = s[i * 4 + 2]! + Math.abs(err);
      s[i * 4 + 3] = s[i * 4 + 3]! + err * err;
      const k = (i * batches + batch) * 2;
      b[k] = b[k]! + 1;
      b[k + 1] = b[k + 1]! + err * err;
    }
  };

  const grow = (): void => {
    const nextCap = cap * 2;
    const nextMask = nextCap - 1;
    const arrival = new Float64Array(nextCap);
    const state = new Uint8Array(nextCap);
    const estimates = new Float64Array(nextCap * p);
    for (let q = head; q < tail; q++) {
      const from = q & mask;
      const to = q & nextMask;
      arrival[to] = qArrival[from]!;
      state[to] = qState[from]!;
      for (let i = 0; i < p; i++) estimates[to * p + i] = qEstimates[from * p + i]!;
    }
    cap = nextCap;
    mask = nextMask;
    qArrival = arrival;
    qState = state;
    qEstimates = estimates;
  };

  const events = new EventHeap();
  let now = 0;
  let busy = 0;
  const result: SimResult = {
    arrivals: 0,
    delayed: 0,
    served: 0,
    abandoned: 0,
    servedWaitSum: 0,
    simulatedSeconds: 0,
    stats: { served: [], potential: [] },
  };

  const view: QueueView = {
    now: 0,
    waiting: 0,
    servers,
    headArrival: () => {
      for (let q = head; q < tail; q++) {
        if (qState[q & mask] === WAITING) return qArrival[q & mask]!;
      }
      return Number.NaN;
    },
  };

  const startService = (arrival: number): void => {
    busy += 1;
    for (let i = 0; i < p; i++) predictors[i]!.onServiceStart(arrival, now);
    const handle = rng.exponential(typeof meanHandle === 'number' ? meanHandle : meanHandle(now));
    events.push(now + handle, COMPLETION, handle);
  };

  const nextArrival = (from: number): number => {
    let t = from;
    for (;;) {
      t += rng.exponential(1 / maxRate);
      if (typeof rate === 'number' || rng.uniform() * maxRate < rate(t)) return t;
    }
  };

  let arrivalAt = nextArrival(0);
  let horizonReached = false;
  for (;;) {
    const arrivalNext = arrivalAt < horizon && (events.size === 0 || arrivalAt <= events.peekTime());
    if (arrivalNext) {
      now = arrivalAt;
      arrivalAt = nextArrival(now);
      const scored = now >= warmup;
      if (scored) result.arrivals += 1;
      if (busy < servers) {
        if (scored) result.served += 1;
        startService(now);
        continue;
      }
      if (tail - head === cap) grow();
      const slot = tail & mask;
      view.now = now;
      view.waiting = waiting;
      for (let i = 0; i < p; i++) qEstimates[slot * p + i] = predictors[i]!.estimate(view);
      qArrival[slot] = now;
      qState[slot] = WAITING;
      const patience = rng.exponential(meanPatience);
      if (patience !== Number.POSITIVE_INFINITY) events.push(now + patience, ABANDON, tail);
      tail += 1;
      waiting += 1;
      if (scored) result.delayed += 1;
      continue;
    }
    if (!horizonReached && arrivalAt >= horizon) {
      horizonReached = true;
      config.onHorizon?.();
    }
    if (events.size === 0) break;
    now = events.peekTime();
    const type = events.peekType();
    const data = events.peekData();
    events.pop();
    if (type === ABANDON) {
      const q = data;
      const slot = q & mask;
      if (q < head || qState[slot] !== WAITING) continue;
      qState[slot] = GHOST;
      waiting -= 1;
      const arrival = qArrival[slot]!;
      for (let i = 0; i < p; i++) predictors[i]!.onAbandon(arrival, now);
      if (arrival >= warmup) result.abandoned += 1;
      continue;
    }
    // COMPLETION: the operator is free. Ghosts at the head would have taken it now: their potential wait ends.
    busy -= 1;
    for (let i = 0; i < p; i++) predictors[i]!.onServiceEnd(data, waiting);
    while (head < tail && qState[head & mask] === GHOST) {
      const slot = head & mask;
      const arrival = qArrival[slot]!;
      if (arrival >= warmup) record(1, slot, arrival, now - arrival);
      head += 1;
    }
    if (head < tail) {
      const slot = head & mask;
      const arrival = qArrival[slot]!;
      head += 1;
      waiting -= 1;
      if (arrival >= warmup) {
        const wait = now - arrival;
        record(0, slot, arrival, wait);
        record(1, slot, arrival, wait);
        result.served += 1;
        result.servedWaitSum += wait;
      }
      startService(arrival);
    }
  }
  result.simulatedSeconds = now;

  SCORINGS.forEach((scoring, si) => {
    const s = sums[si]!;
    const b = batchSums[si]!;
    result.stats[scoring] = predictors.map((_, i) => {
      const n = s[i * 4]!;
      const batchRmse: number[] = [];
      for (let j = 0; j < batches; j++) {
        const k = (i * batches + j) * 2;
        if (b[k]! > 0) batchRmse.push(Math.sqrt(b[k + 1]! / b[k]!));
      }
      return {
        n,
        bias: n > 0 ? s[i * 4 + 1]! / n : Number.NaN,
        mae: n > 0 ? s[i * 4 + 2]! / n : Number.NaN,
        rmse: n > 0 ? Math.sqrt(s[i * 4 + 3]! / n) : Number.NaN,
        batchRmse,
      };
    });
  });
  return result;
}
