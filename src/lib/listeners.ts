type AnyListener = (...args: never[]) => void;

/**
 * A small typed event list, shared by the SIP calls and the media legs: `on` returns the unsubscribe function, `off`
 * without a listener drops them all, and a throwing listener does not stop the others (nor the state machine or media
 * path that emitted). Lists are replaced, never changed in place, so `emit` iterates without copying and a listener
 * added or removed while an event is being emitted takes effect from the next one.
 */
export class Listeners<Events extends Record<string, unknown[]>> {
  private readonly map = new Map<keyof Events, readonly AnyListener[]>();

  on<K extends keyof Events>(event: K, fn: (...args: Events[K]) => void): () => void {
    this.map.set(event, [...(this.map.get(event) ?? []), fn as unknown as AnyListener]);
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
    const list = this.map.get(event);
    if (!list) return;
    for (const fn of list) {
      try {
        (fn as unknown as (...a: Events[K]) => void)(...args);
      } catch {
        // Listener errors belong to the listener; whatever emitted goes on.
      }
    }
  }

  clear(): void {
    this.map.clear();
  }
}
