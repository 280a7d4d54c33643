import { TRYING_DELAY } from './timer-values.js';
import { TransactionTimers } from './transaction-clock.js';
import type { StatusOf, TransactionEnv } from './transaction-types.js';

/**
 * INVITE server transaction, RFC 3261 §17.2.1 with RFC 6026 §7.1 (the Accepted state).
 *
 * ```
 *                        |INVITE
 *                        |pass INV to TU, send 100 (after 200 ms, if the TU has sent nothing)
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

export interface InviteServerCallbacks<Res extends StatusOf, Ack = void> {
  /** Put a response on the wire (first transmission or retransmission). */
  send(response: Res): void;
  /** Build the 100 Trying, when the TU has not answered within {@link TRYING_DELAY} ms (§17.2.1). */
  trying(): Res;
  /** An ACK that belongs to the TU: the ACK for a 2xx arriving in Accepted (RFC 6026 §7.1). */
  onAck(ack: Ack): void;
  /** No ACK came for a non-2xx final response (Timer H), or the transport failed: the TU is told (§17.2.4). */
  onFailure(reason: 'no-ack' | 'transport-error'): void;
  onTerminated(): void;
}

/**
 * What the transaction keeps, state by state: in Proceeding and Completed the most recent response (a retransmitted
 * INVITE gets it again); in Confirmed and Accepted nothing but its timers (ACKs and INVITEs are absorbed, the TU owns
 * 2xx retransmissions), so a finished transaction waiting out Timer I or L holds no message.
 */
export class InviteServerTransaction<Res extends StatusOf, Ack = void> {
  state: InviteServerState = 'proceeding';
  private last: Res | null = null;
  private readonly timers: TransactionTimers<'Trying' | 'G' | 'H' | 'I' | 'L'>;

  constructor(
    private readonly env: TransactionEnv,
    private readonly cb: InviteServerCallbacks<Res, Ack>,
  ) {
    this.timers = new TransactionTimers(env.clock);
  }

  /**
   * The INVITE arrived (and went to the TU). §17.2.1: the 100 Trying goes out only if the TU has sent no response
   * within 200 ms; a TU that answers at once saves the datagram.
   */
  start(): void {
    this.timers.start('Trying', TRYING_DELAY, () => this.sendTrying());
  }

  /** A retransmitted INVITE from the network. */
  receiveRequest(): void {
    if (this.state === 'proceeding' && !this.last) {
      // The client retransmits before the 100 went out (its T1 is shorter than our 200 ms): answer it now.
      this.sendTrying();
      return;
    }
    // §17.2.1: in Proceeding and Completed the most recent response is sent again; Accepted absorbs (RFC 6026).
    if ((this.state === 'proceeding' || this.state === 'completed') && this.last) this.cb.send(this.last);
  }

  /** An ACK matching this transaction. */
  receiveAck(ack: Ack): void {
    if (this.state === 'completed') {
      // §17.2.1: ACK for a non-2xx → Confirmed; Timer I absorbs further ACKs (T4 unreliable, 0 reliable).
      this.state = 'confirmed';
      this.last = null;
      this.timers.stop('G');
      this.timers.stop('H');
      this.timers.start('I', this.env.reliable ? 0 : this.env.timers.T4, () => this.terminate());
    } else if (this.state === 'accepted') {
      this.cb.onAck(ack);
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
    this.timers.stop('Trying');
    this.last = response;
    this.cb.send(response);
    if (s < 200) return;
    const { T1, T2 } = this.env.timers;
    if (s < 300) {
      // RFC 6026 §7.1: retransmitted INVITEs are absorbed in Accepted, so the 2xx need not be kept here.
      this.state = 'accepted';
      this.last = null;
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

  private sendTrying(): void {
    if (this.state === 'proceeding' && !this.last) this.respond(this.cb.trying());
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
    this.last = null;
    this.timers.clearAll();
    this.cb.onTerminated();
  }
}
