/**
 * A least-recently-used map bounded by the total bytes of its values (decoded prompts in memory). A `Map` keeps
 * insertion order, so "recently used" is "re-inserted on every hit" and eviction walks from the front.
 */
export class ByteLru<V> {
  private readonly entries = new Map<string, V>();
  private total = 0;

  constructor(
    readonly maxBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.total;
  }

  /** The value, now the most recently used. */
  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Stores `value`, evicting the least recently used values until the total fits. A value larger than the cap is not kept. */
  set(key: string, value: V): void {
    this.delete(key);
    const bytes = this.sizeOf(value);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, value);
    this.total += bytes;
    for (const [k, v] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(k);
      this.total -= this.sizeOf(v);
    }
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.entries.delete(key);
    this.total -= this.sizeOf(old);
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }
}
