import { TransactionTimers } from './transaction-clock.js';
import type { StatusOf, TransactionEnv, TransactionFailure } from './transaction-types.js';

/**
 * Non-INVITE client transaction, RFC 3261 §17.1.2.
 *
 * ```
 *                       |Request from TU
 *                       |send request
 *   Timer E             V
 *   send request  +-----------+
 *       +---------|           |-------------------+
 *       |         |  Trying   |  Timer F          |
 *       +-------->|           |  or Transport Err.|
 *                 +-----------+  inform TU        |
 *    200-699         |  |                         |
 *    resp. to TU     |  |1xx                      |
 *    +---------------+  |resp. to TU              |
 *    |                  |                         |
 *    |   Timer E        V       Timer F           |
 *    |   send req +-----------+ or Transport Err. |
 *    |  +---------|           | inform TU         |
 *    |  |         |Proceeding |------------------>|
 *    |  +-------->|           |-----+             |
 *    |            +-----------+     |1xx          |
 *    |              |      ^        |resp to TU   |
 *    | 200-699      |      +--------+             |
 *    | resp. to TU  |                             |
 *    |              |                             |
 *    |              V                             |
 *    |            +-----------+                   |
 *    |            |           |                   |
 *    |            | Completed |                   |
 *    |            |           |                   |
 *    |            +-----------+                   |
 *    |              ^   |                         |
 *    |              |   | Timer K                 |
 *    +--------------+   | -                       |
 *                       |                         |
 *                       V                         |
 * NOTE:           +-----------+                   |
 *                 |           |                   |
 * transitions     | Terminated|<------------------+
 * labeled with    |           |
 * the event       +-----------+
 * over the action
 * to take
 * ```
 */
export type NonInviteClientState = 'trying' | 'proceeding' | 'completed' | 'terminated';

export interface NonInviteClientCallbacks<Res extends StatusOf> {
  send(): void;
  onResponse(response: Res): void;
  onFailure(reason: TransactionFailure): void;
  onTerminated(): void;
}

export class NonInviteClientTransaction<Res extends StatusOf> {
  state: NonInviteClientState = 'trying';
  private readonly timers: TransactionTimers<'E' | 'F' | 'K'>;

  constructor(
    private readonly env: TransactionEnv,
    private readonly cb: NonInviteClientCallbacks<Res>,
  ) {
    this.timers = new TransactionTimers(env.clock);
  }

  start(): void {
    const { T1 } = this.env.timers;
    this.cb.send();
    if (!this.env.reliable) this.armE(T1);
    // §17.1.2.2: "Timer F ... with a value of 64*T1"; when it fires in Trying or Proceeding the TU is told.
    this.timers.start('F', 64 * T1, () => {
      if (this.state === 'trying' || this.state === 'proceeding') this.fail('timeout');
    });
  }

  receive(response: Res): void {
    if (this.state !== 'trying' && this.state !== 'proceeding') return; // Completed absorbs retransmissions.
    if (response.status < 200) {
      this.state = 'proceeding';
      this.cb.onResponse(response);
      return;
    }
    this.state = 'completed';
    this.timers.stop('E');
    this.timers.stop('F');
    this.cb.onResponse(response);
    // §17.1.2.2: "Timer K ... T4 for unreliable transports, and zero seconds for reliable transports".
    this.timers.start('K', this.env.reliable ? 0 : this.env.timers.T4, () => this.terminate());
  }

  transportError(): void {
    if (this.state === 'trying' || this.state === 'proceeding') this.fail('transport-error');
  }

  private armE(ms: number): void {
    this.timers.start('E', ms, () => {
      if (this.state !== 'trying' && this.state !== 'proceeding') return;
      this.cb.send();
      // §17.1.2.2: in Trying the interval doubles up to T2; in Proceeding it is T2.
      const { T2 } = this.env.timers;
      this.armE(this.state === 'proceeding' ? T2 : Math.min(2 * ms, T2));
    });
  }

  private fail(reason: TransactionFailure): void {
    this.cb.onFailure(reason);
    this.terminate();
  }

  private terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.timers.clearAll();
    this.cb.onTerminated();
  }
}
