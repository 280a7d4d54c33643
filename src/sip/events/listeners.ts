type AnyListener = (...args: never[]) => void;

/** A small typed event list: `on` to listen, `emit` to tell every listener (a throwing listener does not stop others). */
export class Listeners<Events extends Record<string, unknown[]>> {
  private readonly map = new Map<keyof Events, AnyListener[]>();

  on<K extends keyof Events>(event: K, fn: (...args: Events[K]) => void): () => void {
    const list = this.map.get(event) ?? [];
    list.push(fn as unknown as AnyListener);
    this.map.set(event, list);
    return () => this.off(event, fn);
  }

  off<K extends keyof Events>(event: K, fn?: (...args: Events[K]) => void): void {
    if (!fn) {
      this.map.delete(event);
      return;
    }
    const list = this.map.get(event);
    if (list) this.map.set(event, list.filter((f) => f !== (fn as unknown as AnyListener)));
  }

  emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    for (const fn of [...(this.map.get(event) ?? [])]) {
      try {
        (fn as unknown as (...a: Events[K]) => void)(...args);
      } catch {
        // Listener errors belong to the listener; the call's state machine goes on.
      }
    }
  }
}
