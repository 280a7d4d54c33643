/**
 * The buffers a leg serializes outgoing packets into. A handful are rotated rather than one reused: when the socket's
 * send buffer is full, libuv queues the datagram and keeps a reference to our bytes until it goes out (Node tries
 * `uv_udp_try_send` first, so on loopback this practically never happens), and the next packet must not overwrite it.
 * Each slot also keeps a view of the last length sent from it, so the common case (a 172-byte G.711 packet) hands
 * `send` the same exact-length view every time instead of slicing a new one.
 */
export class SendRing {
  private readonly slots: Uint8Array[] = [];
  private readonly views: Uint8Array[] = [];
  private readonly payloads: Uint8Array[] = [];
  private index = 0;

  constructor(
    private readonly count = 4,
    private size = 512,
  ) {
    for (let i = 0; i < count; i++) {
      this.slots.push(new Uint8Array(size));
      this.views.push(this.slots[i]!.subarray(0, 0));
      this.payloads.push(this.slots[i]!.subarray(12, 12));
    }
  }

  /** The next slot to write a packet of up to `bytes` bytes into (grows every slot, once, if it is too small). */
  next(bytes: number): Uint8Array {
    if (bytes > this.size) this.grow(bytes);
    this.index = this.index + 1 === this.count ? 0 : this.index + 1;
    return this.slots[this.index]!;
  }

  /** The first `length` bytes of the slot `next` returned last. */
  view(length: number): Uint8Array {
    const v = this.views[this.index]!;
    if (v.length === length) return v;
    const fresh = this.slots[this.index]!.subarray(0, length);
    this.views[this.index] = fresh;
    return fresh;
  }

  /** The `length` bytes after a 12-byte RTP header in the slot `next` returned last (encode a payload in place). */
  payloadView(length: number): Uint8Array {
    const v = this.payloads[this.index]!;
    if (v.length === length) return v;
    const fresh = this.slots[this.index]!.subarray(12, 12 + length);
    this.payloads[this.index] = fresh;
    return fresh;
  }

  private grow(bytes: number): void {
    this.size = Math.max(bytes, this.size * 2);
    for (let i = 0; i < this.count; i++) {
      this.slots[i] = new Uint8Array(this.size);
      this.views[i] = this.slots[i]!.subarray(0, 0);
      this.payloads[i] = this.slots[i]!.subarray(12, 12);
    }
  }
}
