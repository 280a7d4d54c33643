/**
 * A min-heap of future moments the engine must wake up for (ring timeouts, wrap-up ends, retry times, expiries).
 * Entries are hints, never removed when their reason goes away: at each tick the engine pops the due ones and
 * re-checks the entity, so a stale entry costs one no-op check instead of a search-and-delete.
 */
export interface Deadline {
  at: number;
  kind: 'offer' | 'operator' | 'request';
  key: string;
}

export class DeadlineHeap {
  private readonly heap: Deadline[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(deadline: Deadline): void {
    const h = this.heap;
    h.push(deadline);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]!.at <= h[i]!.at) break;
      [h[parent], h[i]] = [h[i]!, h[parent]!];
      i = parent;
    }
  }

  peek(): Deadline | undefined {
    return this.heap[0];
  }

  /** Removes and returns every entry due at or before `now`, earliest first. */
  popDue(now: number): Deadline[] {
    const due: Deadline[] = [];
    while (this.heap.length > 0 && this.heap[0]!.at <= now) due.push(this.pop()!);
    return due;
  }

  private pop(): Deadline | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l]!.at < h[m]!.at) m = l;
        if (r < h.length && h[r]!.at < h[m]!.at) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
}
