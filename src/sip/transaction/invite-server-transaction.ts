import { TransactionTimers } from './transaction-clock.js';
import type { StatusOf, TransactionEnv } from './transaction-types.js';

/**
 * INVITE server transaction, RFC 3261 §17.2.1 with RFC 6026 §7.1 (the Accepted state).
 *
 * ```
 *                        |INVITE
 *                        |pass INV to TU, send 100
 *     INVITE             V
 *     send response+-----------+
 *         +--------|           |--------+ 101-199 from TU
 *         |        | Proceeding|        | send response
 *         +------->|           |<-------+
 *                  +-----------+
 *       300-699 from TU |    | 2xx from TU
 *       send response   |    | send response
 *                       |    +------------------+
 *                       V                       V
 *     INVITE     +-----------+             +----------+  INVITE: absorb
 *     send resp. |           |             | Accepted |  ACK: to TU
 *         +------| Completed |             +----------+  2xx from TU: send
 *         |      |           |-----+            | Timer L
 *         +----->|           |     |Timer G     V
 *                +-----------+     |send resp. (Terminated)
 *                  |  |  ^---------+
 *          ACK     |  | Timer H / transport error: inform TU
 *                  V  +----------------------> (Terminated)
 *                +-----------+
 *                | Confirmed |  ACK: absorb
 *                +-----------+
 *                  | Timer I
 *                  V
 *              (Terminated)
 * ```
 */
export type InviteServerState = 'proceeding' | 'completed' | 'confirmed' | 'accepted' | 'terminated';

export interface InviteServerCallbacks<Res extends StatusOf> {
  /** Put a response on the wire (first transmission or retransmission). */
  send(response: Res): void;
  /** Build the 100 Trying this transaction sends at once (§17.2.1: unless the TU answers within 200 ms). */
  trying(): Res;
  /** An ACK that belongs to the TU: the ACK for a 2xx arriving in Accepted (RFC 6026 §7.1). */
  onAck(): void;
  /** No ACK came for a non-2xx final response (Timer H), or the transport failed: the TU is told (§17.2.4). */
  onFailure(reason: 'no-ack' | 'transport-error'): void;
  onTerminated(): void;
}

export class InviteServerTransaction<Res extends StatusOf> {
  state: InviteServerState = 'proceeding';
  private last: Res | null = null;
  private readonly timers: TransactionTimers<'G' | 'H' | 'I' | 'L'>;

  constructor(
    private readonly env: TransactionEnv,
    private readonly cb: InviteServerCallbacks<Res>,
  ) {
    this.timers = new TransactionTimers(env.clock);
  }

  /** The INVITE arrived; answers 100 Trying at once (the TU rarely answers within 200 ms: it rings a phone). */
  start(): void {
    this.respond(this.cb.trying());
  }

  /** A retransmitted INVITE from the network. */
  receiveRequest(): void {
    // §17.2.1: in Proceeding and Completed the most recent response is sent again; Accepted absorbs (RFC 6026).
    if ((this.state === 'proceeding' || this.state === 'completed') && this.last) this.cb.send(this.last);
  }

  /** An ACK matching this transaction. */
  receiveAck(): void {
    if (this.state === 'completed') {
      // §17.2.1: ACK for a non-2xx → Confirmed; Timer I absorbs further ACKs (T4 unreliable, 0 reliable).
      this.state = 'confirmed';
      this.timers.stop('G');
      this.timers.stop('H');
      this.timers.start('I', this.env.reliable ? 0 : this.env.timers.T4, () => this.terminate());
    } else if (this.state === 'accepted') {
      this.cb.onAck();
    }
  }

  /** The TU answers. Provisional: stays in Proceeding. 2xx: Accepted. 300-699: Completed. */
  respond(response: Res): void {
    const s = response.status;
    if (this.state === 'accepted') {
      // RFC 6026 §7.1: the TU's 2xx retransmissions pass through the transaction in Accepted.
      if (s >= 200 && s < 300) this.cb.send(response);
      return;
    }
    if (this.state !== 'proceeding') return;
    this.last = response;
    this.cb.send(response);
    if (s < 200) return;
    const { T1, T2 } = this.env.timers;
    if (s < 300) {
      this.state = 'accepted';
      this.timers.start('L', 64 * T1, () => this.terminate());
      return;
    }
    this.state = 'completed';
    if (!this.env.reliable) this.armG(T1, T2);
    // §17.2.1: "Timer H MUST be set to fire in 64*T1 seconds for all transports."
    this.timers.start('H', 64 * T1, () => {
      if (this.state !== 'completed') return;
      this.cb.onFailure('no-ack');
      this.terminate();
    });
  }

  transportError(): void {
    if (this.state === 'terminated') return;
    this.cb.onFailure('transport-error');
    this.terminate();
  }

  private armG(ms: number, T2: number): void {
    this.timers.start('G', ms, () => {
      if (this.state !== 'completed' || !this.last) return;
      // §17.2.1: retransmit and reset G to min(2*previous, T2).
      this.cb.send(this.last);
      this.armG(Math.min(2 * ms, T2), T2);
    });
  }

  private terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.timers.clearAll();
    this.cb.onTerminated();
  }
}
