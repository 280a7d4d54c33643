/**
 * A binary min-heap of simulation events ordered by time, stored in parallel typed arrays (no object per event).
 * Each event has a small integer type and one number of data.
 */
export class EventHeap {
  private times = new Float64Array(1024);
  private types = new Uint8Array(1024);
  private data = new Float64Array(1024);
  size = 0;

  push(time: number, type: number, data: number): void {
    if (this.size === this.times.length) this.grow();
    let i = this.size++;
    const { times, types } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt <= time) break;
      times[i] = pt;
      types[i] = types[parent]!;
      this.data[i] = this.data[parent]!;
      i = parent;
    }
    times[i] = time;
    types[i] = type;
    this.data[i] = data;
  }

  peekTime(): number {
    return this.times[0]!;
  }

  peekType(): number {
    return this.types[0]!;
  }

  peekData(): number {
    return this.data[0]!;
  }

  /** Removes the earliest event (read it with the peek methods first). */
  pop(): void {
    const last = --this.size;
    if (last === 0) return;
    const { times, types, data } = this;
    const time = times[last]!;
    const type = types[last]!;
    const value = data[last]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= last) break;
      const right = left + 1;
      const child = right < last && times[right]! < times[left]! ? right : left;
      if (times[child]! >= time) break;
      times[i] = times[child]!;
      types[i] = types[child]!;
      data[i] = data[child]!;
      i = child;
    }
    times[i] = time;
    types[i] = type;
    data[i] = value;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    const types = new Uint8Array(this.types.length * 2);
    const data = new Float64Array(this.data.length * 2);
    times.set(this.times);
    types.set(this.types);
    data.set(this.data);
    this.times = times;
    this.types = types;
    this.data = data;
  }
}
