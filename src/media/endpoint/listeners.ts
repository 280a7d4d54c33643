export { Listeners } from '../../lib/listeners.js';

/** A list of hot-path callbacks (one call per packet): an array iterated without copying, changed copy-on-write. */
export class HookList<F extends (...args: never[]) => void> {
  items: readonly F[] = [];

  add(fn: F): () => void {
    this.items = [...this.items, fn];
    return () => {
      this.items = this.items.filter((f) => f !== fn);
    };
  }

  get size(): number {
    return this.items.length;
  }
}
