import { compareRequests } from './ordering.js';
import type { Request } from './types.js';

/**
 * The waiting requests of one queue, kept sorted in service order. A sorted array with binary search: insertion and
 * removal move memory (fast for tens of thousands of entries), and a request's position is found in O(log n), which
 * is what every "you are number N" announcement and every live-queue listing needs.
 *
 * The list holds the engine's own request objects; their order keys (priority, virtualStart, seq) must not change
 * while they are in the list: remove, change, insert again.
 */
export class WaitingList {
  private readonly items: Request[] = [];

  get size(): number {
    return this.items.length;
  }

  insert(request: Request): void {
    const at = this.lowerBound(request);
    this.items.splice(at, 0, request);
  }

  /** Removes the request; returns false when it was not in the list. */
  remove(request: Request): boolean {
    const at = this.indexOf(request);
    if (at < 0) return false;
    this.items.splice(at, 1);
    return true;
  }

  /** 0-based index of the request in service order, or -1. */
  indexOf(request: Request): number {
    const at = this.lowerBound(request);
    return this.items[at] === request ? at : -1;
  }

  has(request: Request): boolean {
    return this.indexOf(request) >= 0;
  }

  /** Requests in service order. Do not mutate the list while iterating. */
  [Symbol.iterator](): IterableIterator<Request> {
    return this.items[Symbol.iterator]();
  }

  at(index: number): Request | undefined {
    return this.items[index];
  }

  /** Number of requests ordered before a request with the given order key (its 0-based insertion point). */
  countAhead(key: Pick<Request, 'priority' | 'virtualStart' | 'seq'>): number {
    return this.lowerBound(key);
  }

  private lowerBound(key: Pick<Request, 'priority' | 'virtualStart' | 'seq'>): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareRequests(this.items[mid]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
