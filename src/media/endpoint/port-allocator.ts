/**
 * Hands out RTP ports from a configured range and takes them back.
 *
 * RFC 3550 §11: RTP uses an even port and RTCP the next odd one, so the allocator deals in even ports only and
 * reserves the pair; with rtcp-mux (RFC 5761) the odd port simply stays unused. Ports are handed out round-robin
 * (the cursor moves on from the last one given), so a port freed by a call that just ended is the last to be reused:
 * late packets of the old call, still in flight, do not land in the next call on that port.
 *
 * The allocator only books numbers; binding can still fail when another process holds the port, in which case the
 * caller releases it with `release(port, { quarantine: true })` to skip it until the range wraps around twice, and tries
 * the next (see `openMediaPorts`).
 */
import { MediaEndpointError, PortsExhaustedError } from './media-endpoint-error.js';

export interface PortRange {
  /** Lowest port (rounded up to even). */
  min: number;
  /** Highest port; the highest even port whose pair fits below or at it is the last handed out. */
  max: number;
}

export class PortAllocator {
  readonly min: number;
  readonly max: number;
  /** Number of even ports (pairs) in the range. */
  readonly capacity: number;
  /** Per pair: 0 free, 1 in use, 3 or 2 quarantined (counting down one per pass of the cursor, then free). */
  private readonly state: Uint8Array;
  private cursor = 0;
  private used = 0;

  constructor(range: PortRange) {
    const min = range.min + (range.min & 1);
    if (!Number.isInteger(range.min) || !Number.isInteger(range.max) || min < 1024 || range.max > 65535 || min + 1 > range.max) {
      throw new MediaEndpointError('invalid-config', `RTP port range ${range.min}-${range.max} must hold at least one even/odd pair within 1024-65535`);
    }
    this.min = min;
    this.capacity = Math.floor((range.max - min + 1) / 2);
    this.max = min + 2 * this.capacity - 1;
    this.state = new Uint8Array(this.capacity);
  }

  /** Ports (pairs) currently booked. */
  get inUse(): number {
    return this.used;
  }

  get available(): number {
    return this.capacity - this.used;
  }

  /** Books the next free even port. Throws `PortsExhaustedError` when none is free. */
  allocate(): number {
    for (let tried = 0; tried < this.capacity; tried++) {
      const i = this.cursor;
      this.cursor = i + 1 === this.capacity ? 0 : i + 1;
      const s = this.state[i]!;
      if (s === 0) {
        this.state[i] = 1;
        this.used++;
        return this.min + 2 * i;
      }
      if (s > 1) this.state[i] = s === 2 ? 0 : s - 1; // a quarantined port (3, 2) waits out its passes
    }
    throw new PortsExhaustedError(this.min, this.max);
  }

  /**
   * Gives a port back. With `quarantine`, the port is skipped for the next two passes of the cursor (another process
   * holds it; trying it again at once would fail again).
   */
  release(port: number, options: { quarantine?: boolean } = {}): void {
    const i = (port - this.min) / 2;
    if (!Number.isInteger(i) || i < 0 || i >= this.capacity || this.state[i] !== 1) {
      throw new MediaEndpointError('invalid-config', `port ${port} was not allocated here`);
    }
    this.used--;
    this.state[i] = options.quarantine ? 3 : 0;
  }

  isAllocated(port: number): boolean {
    const i = (port - this.min) / 2;
    return Number.isInteger(i) && i >= 0 && i < this.capacity && this.state[i] === 1;
  }
}
