import type { QueueState } from './engine-context.js';

/**
 * Operators staffing the queue (logged in and working it) and those free for voice work right now: the `staffed` and
 * `free` inputs of the wait estimate (ewt-predictor.ts). An operator voice cannot reach (no registered phone) still
 * staffs, but is not free.
 */
export function staffing(qs: QueueState, now: number): { staffed: number; free: number } {
  let staffed = 0;
  let free = 0;
  for (const os of qs.operators) {
    if (os.isStaffing()) staffed++;
    if (os.isFree(now)) free++;
  }
  return { staffed, free };
}

/** Predicted seconds until a request with `ahead` requests before it reaches an operator (Infinity: nobody staffs). */
export function estimateAhead(qs: QueueState, ahead: number, now: number): number {
  return qs.predictor.predict({ ahead, ...staffing(qs, now) });
}
