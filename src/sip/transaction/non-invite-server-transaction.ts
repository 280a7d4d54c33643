import { TransactionTimers } from './transaction-clock.js';
import type { StatusOf, TransactionEnv } from './transaction-types.js';

/**
 * Non-INVITE server transaction, RFC 3261 §17.2.2.
 *
 * ```
 *                   |Request received
 *                   |pass to TU
 *                   V
 *             +-----------+
 *             |           |
 *             | Trying    |-------------+
 *             |           |             |
 *             +-----------+             |200-699 from TU
 *                   |                   |send response
 *                   |1xx from TU        |
 *                   |send response      |
 *                   |                   |
 * Request           V      1xx from TU  |
 * send response+-----------+send response|
 *     +--------|           |--------+   |
 *     |        | Proceeding|        |   |
 *     +------->|           |<-------+   |
 *              +-----------+            |
 *                   |200-699 from TU    |
 *                   |send response      |
 *                   V                   |
 * Request      +-----------+            |
 * send response|           |            |
 *     +--------| Completed |<-----------+
 *     |        |           |
 *     +------->|           |
 *              +-----------+
 *                   |Timer J fires
 *                   V
 *              (Terminated)
 * ```
 */
export type NonInviteServerState = 'trying' | 'proceeding' | 'completed' | 'terminated';

export interface NonInviteServerCallbacks<Res extends StatusOf> {
  send(response: Res): void;
  onFailure(reason: 'transport-error'): void;
  onTerminated(): void;
}

/** In Completed the transaction keeps the final response alone (retransmitted requests get it again), until Timer J. */
export class NonInviteServerTransaction<Res extends StatusOf> {
  state: NonInviteServerState = 'trying';
  private last: Res | null = null;
  private readonly timers: TransactionTimers<'J'>;

  constructor(
    private readonly env: TransactionEnv,
    private readonly cb: NonInviteServerCallbacks<Res>,
  ) {
    this.timers = new TransactionTimers(env.clock);
  }

  /** A retransmission of the request. */
  receiveRequest(): void {
    // §17.2.2: Trying discards retransmissions; Proceeding and Completed send the last response again.
    if ((this.state === 'proceeding' || this.state === 'completed') && this.last) this.cb.send(this.last);
  }

  respond(response: Res): void {
    if (this.state !== 'trying' && this.state !== 'proceeding') return;
    this.last = response;
    this.cb.send(response);
    if (response.status < 200) {
      this.state = 'proceeding';
      return;
    }
    this.state = 'completed';
    // §17.2.2: "Timer J ... 64*T1 seconds for unreliable transports, and zero seconds for reliable transports".
    this.timers.start('J', this.env.reliable ? 0 : 64 * this.env.timers.T1, () => this.terminate());
  }

  transportError(): void {
    if (this.state === 'terminated') return;
    this.cb.onFailure('transport-error');
    this.terminate();
  }

  private terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.last = null;
    this.timers.clearAll();
    this.cb.onTerminated();
  }
}
