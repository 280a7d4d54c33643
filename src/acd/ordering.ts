import type { Request } from './types.js';

/**
 * The order of a queue: priority first (1 is highest), then virtual start time (a callback made from a waiting call
 * keeps the call's start, so it keeps its place), then arrival sequence. Negative when `a` is served before `b`.
 */
export function compareRequests(a: OrderKey, b: OrderKey): number {
  return a.priority - b.priority || a.virtualStart - b.virtualStart || a.seq - b.seq;
}

export type OrderKey = Pick<Request, 'priority' | 'virtualStart' | 'seq'>;
