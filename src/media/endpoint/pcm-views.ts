/**
 * Views of one reused buffer, one per length, made once: the receive path hands listeners a decoded frame of exactly
 * the packet's length (160 samples for 20 ms, 240 for 30 ms) without a `subarray` allocation per packet.
 */
export class Int16Views {
  private readonly views = new Map<number, Int16Array>();

  constructor(readonly buffer: Int16Array) {}

  /** The first `length` samples of the buffer (`length` ≤ its size). */
  view(length: number): Int16Array {
    let v = this.views.get(length);
    if (!v) {
      v = this.buffer.subarray(0, length);
      if (this.views.size < 16) this.views.set(length, v);
    }
    return v;
  }
}
