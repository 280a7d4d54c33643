type AnyListener = (...args: never[]) => void;

/**
 * A small typed event list for a leg's rare events (a digit, a timeout, latching): `on` returns the unsubscribe
 * function, and a throwing listener does not stop the others or the media path.
 */
export class Listeners<Events extends Record<string, unknown[]>> {
  private readonly map = new Map<keyof Events, AnyListener[]>();

  on<K extends keyof Events>(event: K, fn: (...args: Events[K]) => void): () => void {
    const list = this.map.get(event) ?? [];
    list.push(fn as unknown as AnyListener);
    this.map.set(event, list);
    return () => this.off(event, fn);
  }

  off<K extends keyof Events>(event: K, fn: (...args: Events[K]) => void): void {
    const list = this.map.get(event);
    if (list) this.map.set(event, list.filter((f) => f !== (fn as unknown as AnyListener)));
  }

  emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    const list = this.map.get(event);
    if (!list) return;
    for (const fn of list) {
      try {
        (fn as unknown as (...a: Events[K]) => void)(...args);
      } catch {
        // Listener errors belong to the listener; the leg goes on.
      }
    }
  }

  clear(): void {
    this.map.clear();
  }
}

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
