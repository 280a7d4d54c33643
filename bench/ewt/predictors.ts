import { EwtPredictor, type EwtOptions } from '../../src/acd/ewt-predictor.js';
import type { Predictor, QueueView } from './simulation.js';

/**
 * The predictors the benchmark compares. Every one sees the same sample path and is asked at the arrival of each
 * customer who finds all operators busy.
 */

/** holdless: `EwtPredictor` fed online exactly as the ACD engine feeds it, starting from a (deliberately wrong) seed. */
export class HoldlessPredictor implements Predictor {
  readonly ewt: EwtPredictor;

  constructor(
    seedHandleSeconds: number,
    options?: EwtOptions,
    readonly name = 'holdless',
  ) {
    this.ewt = new EwtPredictor(seedHandleSeconds, undefined, options);
  }

  estimate(view: QueueView): number {
    // A delayed arrival: every operator busy, none free, `waiting` requests ahead.
    return this.ewt.predict({ ahead: view.waiting, staffed: view.servers, free: 0 });
  }

  onServiceStart(arrival: number, now: number): void {
    this.ewt.observeWaitEnd(now - arrival, false);
  }

  onServiceEnd(handle: number): void {
    this.ewt.observeHandle(handle);
  }

  onAbandon(arrival: number, now: number): void {
    this.ewt.observeWaitEnd(now - arrival, true);
  }
}

/**
 * Asterisk app_queue: at each answered call, `holdtime = ((holdtime << 2) - holdtime + newholdtime) >> 2`, i.e.
 * floor((3·holdtime + wait) / 4) in integer seconds, where the wait is time(NULL) − the caller's integer start time
 * (recalc_holdtime); the caller hears holdtime − elapsed, floored at 0. It starts at 0 and ignores the position.
 */
export class AsteriskPredictor implements Predictor {
  readonly name = 'Asterisk';
  private holdtime = 0;

  estimate(): number {
    return Math.max(0, this.holdtime);
  }

  onServiceStart(arrival: number, now: number): void {
    const wait = Math.floor(now) - Math.floor(arrival);
    this.holdtime = (((this.holdtime << 2) - this.holdtime + wait) >> 2);
  }

  onServiceEnd(): void {}
  onAbandon(): void {}
}

/**
 * LES (last to enter service): the wait of the last customer who reached an operator (Ibrahim & Whitt 2009, MSOM).
 */
export class LesPredictor implements Predictor {
  readonly name = 'LES';
  last = 0;

  estimate(): number {
    return this.last;
  }

  onServiceStart(arrival: number, now: number): void {
    this.last = now - arrival;
  }

  onServiceEnd(): void {}
  onAbandon(): void {}
}

/**
 * HOL (head of the line): how long the customer at the head of the line has been waiting (Ibrahim & Whitt 2009,
 * MSOM). It is defined when someone is waiting; for an arrival that finds nobody waiting it falls back to LES.
 */
export class HolPredictor implements Predictor {
  readonly name = 'HOL';
  private readonly les = new LesPredictor();

  estimate(view: QueueView): number {
    const head = view.headArrival();
    return Number.isNaN(head) ? this.les.last : view.now - head;
  }

  onServiceStart(arrival: number, now: number): void {
    this.les.onServiceStart(arrival, now);
  }

  onServiceEnd(): void {}
  onAbandon(): void {}
}

/**
 * QL with the true parameters: E[W | n ahead] = Σ_{i=0}^{n} 1/(sμ + iθ) (Whitt 1999; Ibrahim & Whitt 2009, "QL_m"),
 * summed term by term here (independently of holdless's closed form). The best predictor given the queue length.
 */
export class QlTruePredictor implements Predictor {
  readonly name = 'QL-true';

  constructor(
    private readonly servers: number,
    private readonly meanHandle: number | ((t: number) => number),
    private readonly meanPatience: number,
  ) {}

  estimate(view: QueueView): number {
    const handle = typeof this.meanHandle === 'number' ? this.meanHandle : this.meanHandle(view.now);
    const sMu = this.servers / handle;
    const theta = 1 / this.meanPatience; // 0 when patience is infinite
    if (theta === 0) return (view.waiting + 1) / sMu;
    let sum = 0;
    for (let i = 0; i <= view.waiting; i++) sum += 1 / (sMu + i * theta);
    return sum;
  }

  onServiceStart(): void {}
  onServiceEnd(): void {}
  onAbandon(): void {}
}
