import { AcdValidationError } from './errors.js';

/**
 * Estimated wait time (EWT) of a waiting request: the queue-length predictor for the Erlang-A (M/M/s+M) model, fed
 * with parameters learned online from the queue's own history.
 *
 * ## The model
 * s operators staff the queue, handle times are exponential with rate μ (mean 1/μ), and every waiting customer hangs up
 * after an exponential patience with rate θ (mean 1/θ), served first-come first-served. A request with n requests
 * still waiting ahead of it while all s operators are busy moves one place up at every "departure" from the system in
 * front of it: a service completion (rate sμ) or the abandonment of one of the i customers still ahead (rate iθ). It
 * reaches an operator at the (n+1)-th such event, so its potential wait (the wait it would have if it never hung up) is
 * a sum of independent exponential stages with rates sμ + nθ, sμ + (n−1)θ, ..., sμ, and
 *
 *     E[W | n ahead] = Σ_{i=0}^{n} 1 / (sμ + iθ)                                          (QL_m)
 *
 * This is the conditional expectation of the wait given the queue length, the minimum-MSE predictor given that state
 * for this model, which Whitt (1999) derived for M/M/s and Ibrahim & Whitt (2009b) for M/M/s+M (their "QL_m"):
 * - W. Whitt, "Predicting queueing delays", Management Science 45(6):870-888, 1999.
 * - R. Ibrahim, W. Whitt, "Real-time delay estimation based on delay history", MSOM 11(3):397-415, 2009 (QL vs HOL,
 *   LES in GI/M/s: the queue-length predictor beats every delay-history predictor when its parameters are right).
 * - R. Ibrahim, W. Whitt, "Real-time delay estimation in overloaded multiserver queues with abandonments",
 *   Management Science 55(10):1729-1742, 2009 (QL_m for M/M/s+M, and approximations for other patience laws).
 * With θ = 0 (nobody hangs up) the sum is the M/M/s closed form (n+1)/(sμ): W | n is Erlang(n+1, sμ).
 *
 * ## O(1) evaluation
 * With a = sμ/θ, the sum is (1/θ)·Σ_{i=0}^{n} 1/(a+i) = (1/θ)·(ψ(a+n+1) − ψ(a)), where ψ is the digamma function.
 * `shiftedHarmonic` evaluates that difference in constant time (a short direct sum for small n, then the asymptotic
 * series of ψ written as differences so that nothing cancels). Listing a queue of 10,000 waiting requests therefore
 * costs 10,000 constant-time calls, with no cache to invalidate when μ or θ moves.
 *
 * ## Learning the parameters (what the engine feeds in)
 * - Mean handle time 1/μ: an exponentially weighted mean of measured handle times (the time a request keeps an
 *   operator from other work, wrap-up included: the call center's AHT). The configured seed counts as SEED_WEIGHT
 *   observations, then observation k has weight 1/min(SEED_WEIGHT + k, HANDLE_WINDOW): a plain running mean at first,
 *   so a wrong seed is forgotten after a few dozen calls, then an exponential moving average with a memory of about
 *   HANDLE_WINDOW calls. Its relative noise is about 1/sqrt(2·HANDLE_WINDOW) ≈ 2.2% for exponential handle times.
 * - The newest HANDLE_LAG handle times are held back before they enter that mean. Why: when the last few hundred calls
 *   were long by chance, operators freed up slowly, so the line grew. A mean over exactly those calls is high exactly
 *   when the line is long, and (n+1)·mean/s then overestimates most for the customers with the longest line: a bias
 *   of up to 1/(sμ) (one mean inter-completion time; 30 s with 10 operators and 5-minute calls) that shrinks only
 *   slowly with a longer window, because it only needs the window to overlap the current congestion episode. A
 *   handle time older than the episode no longer moves the queue, so lagging the mean by a few hundred calls removes
 *   the correlation; a fixed lag (unlike "flush when the line empties", which picks the moments after a streak of
 *   short calls and is biased the other way: we tried it) selects nothing. In the benchmark the lag took the bias of
 *   the 10-operator center (load 0.9) from +2.5..+2.9 s to −0.04..+0.40 s and that of 100 operators at load 0.98
 *   from +1.8 s to +1.4 s, without costing RMSE (0.3% of it when the AHT drifts ±15% a day). The lag never exceeds
 *   half of what has been learned, so a new queue still learns from its first calls. The price: a change of AHT
 *   shows after HANDLE_LAG calls and is mostly absorbed HANDLE_WINDOW calls later (about 75 minutes for 100 operators
 *   with 5-minute calls).
 * - Abandonment rate θ: the maximum-likelihood estimator for exponential patience with right-censoring. Every
 *   customer who left the queue exposed their patience for the time they waited; those who hung up are events, those
 *   who reached an operator are censored observations. The MLE is θ̂ = (number of abandons) / (total time waited by
 *   everyone, served and abandoned): the standard exponential MLE for censored lifetimes, the way call-center patience
 *   is estimated from queue logs (Brown et al., "Statistical analysis of a telephone call center: a queueing-science
 *   perspective", JASA 100(469), 2005; Mandelbaum & Zeltyn, "Staffing many-server queues with impatient customers",
 *   Operations Research 57(5), 2009). Both sums decay by (1 − 1/ABANDON_WINDOW) at each abandonment, so the window
 *   holds about ABANDON_WINDOW abandons whatever the abandonment ratio, and θ̂ has a relative noise of about
 *   1/sqrt(ABANDON_WINDOW). θ̂ = 0 until someone hangs up, and the formula is then the M/M/s one.
 * - s is what the engine passes as `staffed`: operators READY, IN_SERVICE or AFTER_SERVICE for this queue now.
 *
 * The benchmark (bench/ewt, docs/ewt.md) checks this predictor, learning online from a wrong seed, against the same
 * formula with the true parameters and against Asterisk's, HOL and LES predictors on simulated call centers.
 */

/** Persisted by the engine across restarts (JSON). */
export interface EwtState {
  version: 1;
  /** Exponentially weighted mean handle time, seconds. */
  handleMean: number;
  /** Effective number of observations behind handleMean (seed included), capped at HANDLE_WINDOW. */
  handleWeight: number;
  /** Decayed count of abandons. */
  abandons: number;
  /** Decayed total seconds waited by customers who left the queue (served or abandoned), with the same decay. */
  exposure: number;
}

export interface EwtQuery {
  /** Requests ahead of this one in the queue that are still waiting (0 = first in line). */
  ahead: number;
  /** Operators currently staffing the queue (READY, IN_SERVICE, AFTER_SERVICE). */
  staffed: number;
  /** Operators free right now (READY with no work, reachable for voice); if free > ahead the wait is ~0. */
  free: number;
}

/** The seed handle time counts as this many observations. */
export const SEED_WEIGHT = 10;
/** Memory of the handle-time mean, in handled requests. */
export const HANDLE_WINDOW = 1000;
/** Memory of the abandonment-rate estimator, in abandons. */
export const ABANDON_WINDOW = 500;
/** The newest handle times held back from the mean (see "Learning the parameters" above). */
export const HANDLE_LAG = 500;

/** Below this many terms the QL_m sum is added directly; above, the digamma closed form is used. */
const DIRECT_TERMS = 32;
/** The asymptotic series of ψ is used from this argument up (truncation error < 1e-13 there). */
const ASYMPTOTIC_FROM = 10;

/** Tuning knobs (the defaults are the benchmarked ones). */
export interface EwtOptions {
  /** Memory of the handle-time mean, in handled requests (default HANDLE_WINDOW). */
  handleWindow?: number;
  /** Memory of the abandonment-rate estimator, in abandons (default ABANDON_WINDOW). */
  abandonWindow?: number;
  /** The seed counts as this many handled requests (default SEED_WEIGHT). */
  seedWeight?: number;
  /** The newest handle times held back from the mean (default HANDLE_LAG; 0 = none). */
  handleLag?: number;
}

export class EwtPredictor {
  private readonly handleWindow: number;
  private readonly abandonKeep: number;
  private handleMean: number;
  private handleWeight: number;
  /** The newest handle times, not yet in handleMean (a ring buffer, oldest first from pendingStart). */
  private readonly pending: Float64Array;
  private pendingStart = 0;
  private pendingCount = 0;
  private abandons = 0;
  private exposure = 0;

  constructor(seedHandleSeconds: number, state?: EwtState, options: EwtOptions = {}) {
    if (!(Number.isFinite(seedHandleSeconds) && seedHandleSeconds > 0)) {
      throw new AcdValidationError('averageServiceTime', 'the seed handle time must be a positive number of seconds');
    }
    this.handleWindow = Math.max(1, options.handleWindow ?? HANDLE_WINDOW);
    this.abandonKeep = 1 - 1 / Math.max(1, options.abandonWindow ?? ABANDON_WINDOW);
    this.pending = new Float64Array(Math.max(0, Math.floor(options.handleLag ?? HANDLE_LAG)));
    this.handleMean = seedHandleSeconds;
    this.handleWeight = Math.min(Math.max(1, options.seedWeight ?? SEED_WEIGHT), this.handleWindow);
    if (state !== undefined && isValidState(state)) {
      this.handleMean = state.handleMean;
      this.handleWeight = Math.min(state.handleWeight, this.handleWindow);
      this.abandons = state.abandons;
      this.exposure = state.exposure;
    }
  }

  /**
   * An operator finished a request: the seconds it kept them from other work (ringing, talk, hold and wrap-up).
   * Call it once per handled request of this queue.
   */
  observeHandle(seconds: number): void {
    if (!(Number.isFinite(seconds) && seconds >= 0)) return;
    const capacity = this.pending.length;
    if (capacity === 0) {
      this.learnHandle(seconds);
      return;
    }
    if (this.pendingCount === capacity) this.learnOldestPending();
    this.pending[(this.pendingStart + this.pendingCount) % capacity] = seconds;
    this.pendingCount += 1;
    // Hold back at most half of what has been learned, so that a fresh queue learns from its first calls.
    const lag = Math.min(capacity, Math.floor(this.handleWeight / 2));
    while (this.pendingCount > lag) this.learnOldestPending();
  }

  private learnOldestPending(): void {
    this.learnHandle(this.pending[this.pendingStart]!);
    this.pendingStart = (this.pendingStart + 1) % this.pending.length;
    this.pendingCount -= 1;
  }

  private learnHandle(seconds: number): void {
    const weight = Math.min(this.handleWeight + 1, this.handleWindow);
    this.handleMean += (seconds - this.handleMean) / weight;
    this.handleWeight = weight;
  }

  /**
   * A waiting customer left the queue after `waitedSeconds`: reached an operator (abandoned=false: their patience is
   * censored) or hung up (abandoned=true: their patience was observed). Requests that reached an operator without
   * waiting may be reported with 0 or not at all (they expose no patience). A request that leaves the line for another
   * reason (cancelled, expired) is censored too: report it with abandoned=false. Callbacks count like calls (they
   * wait but never hang up), so θ̂ is the abandonment rate of the average request in the line, which is what the
   * iθ terms of the formula need as long as the mix of calls and callbacks is steady.
   */
  observeWaitEnd(waitedSeconds: number, abandoned: boolean): void {
    if (!(Number.isFinite(waitedSeconds) && waitedSeconds >= 0)) return;
    if (abandoned) {
      this.abandons = this.abandons * this.abandonKeep + 1;
      this.exposure = this.exposure * this.abandonKeep + waitedSeconds;
    } else {
      this.exposure += waitedSeconds;
    }
  }

  /**
   * Expected seconds until this request reaches an operator: E[W | n] = Σ_{i=0}^{n} 1/(sμ + iθ) with n = ahead − free
   * requests still to be taken before it once every operator is busy. 0 when a free operator is there for it;
   * Infinity when nobody staffs the queue.
   */
  predict(q: EwtQuery): number {
    const ahead = Math.max(0, Math.floor(q.ahead));
    const staffed = Math.max(0, Math.floor(q.staffed));
    const free = Math.max(0, Math.floor(q.free));
    if (free > ahead) return 0;
    if (staffed === 0) return Number.POSITIVE_INFINITY;
    const n = ahead - free;
    const mu = 1 / this.handleMean;
    const rate = staffed * mu; // sμ: service completions per second with every operator busy
    const theta = this.abandonRatePerSecond();
    if (theta <= rate * 1e-12) return (n + 1) / rate;
    return shiftedHarmonic(rate / theta, n + 1) / theta;
  }

  /** The mean handle time the predictions use (the newest HANDLE_LAG observations are not in it yet). */
  meanHandleSeconds(): number {
    return this.handleMean;
  }

  /** θ̂ = abandons / exposure (per second), 0 if none observed. */
  abandonRatePerSecond(): number {
    if (this.abandons === 0 || this.exposure <= 0) return 0;
    return this.abandons / this.exposure;
  }

  /** The state to persist. The held-back handle times are folded into the mean, to keep the state five numbers. */
  toJSON(): EwtState {
    let handleMean = this.handleMean;
    let handleWeight = this.handleWeight;
    const capacity = this.pending.length;
    for (let i = 0; i < this.pendingCount; i++) {
      handleWeight = Math.min(handleWeight + 1, this.handleWindow);
      handleMean += (this.pending[(this.pendingStart + i) % capacity]! - handleMean) / handleWeight;
    }
    return {
      version: 1,
      handleMean,
      handleWeight,
      abandons: this.abandons,
      exposure: this.exposure,
    };
  }
}

function isValidState(state: EwtState): boolean {
  const finiteNonNegative = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
  return (
    state.version === 1 &&
    finiteNonNegative(state.handleMean) &&
    state.handleMean > 0 &&
    finiteNonNegative(state.handleWeight) &&
    state.handleWeight >= 1 &&
    finiteNonNegative(state.abandons) &&
    finiteNonNegative(state.exposure)
  );
}

/**
 * Σ_{i=0}^{m−1} 1/(a+i) = ψ(a+m) − ψ(a) for a > 0 and an integer m ≥ 0, in O(1).
 *
 * Small m: the direct sum. Otherwise the first terms are added until the argument x reaches ASYMPTOTIC_FROM, and the
 * rest is ψ(x+k) − ψ(x) from ψ(x) ~ ln x − 1/(2x) − Σ_j B_{2j}/(2j·x^{2j}) (Abramowitz & Stegun 6.3.18), taken term
 * by term as differences: ln((x+k)/x) as log1p(k/x), 1/(2x) − 1/(2(x+k)) as k/(2x(x+k)), so the result keeps full
 * relative precision even when it is tiny next to ψ itself (large a, i.e. very rare abandonment).
 */
export function shiftedHarmonic(a: number, m: number): number {
  let sum = 0;
  if (m <= DIRECT_TERMS) {
    for (let i = 0; i < m; i++) sum += 1 / (a + i);
    return sum;
  }
  let x = a;
  let k = m;
  while (x < ASYMPTOTIC_FROM && k > 0) {
    sum += 1 / x;
    x += 1;
    k -= 1;
  }
  if (k === 0) return sum;
  const y = x + k;
  return sum + Math.log1p(k / x) + k / (2 * x * y) - digammaSeries(y) + digammaSeries(x);
}

/** Σ_j B_{2j}/(2j·x^{2j}) for j = 1..5: the part of ψ(x) after ln x − 1/(2x). */
function digammaSeries(x: number): number {
  const r = 1 / (x * x);
  return r * (1 / 12 - r * (1 / 120 - r * (1 / 252 - r * (1 / 240 - r * (1 / 132)))));
}
