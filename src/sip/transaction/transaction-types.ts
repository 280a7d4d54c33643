import type { Clock } from '../../lib/clock.js';
import type { TimerValues } from './timer-values.js';

/**
 * What a transaction needs from its surroundings. Transactions are generic over the message types so that their
 * state machines (RFC 3261 §17) stay free of parsing: they see a response's status code and nothing else.
 */
export interface TransactionEnv {
  clock: Clock;
  timers: TimerValues;
  /** Reliable transports (TCP, TLS, WS) do no retransmission and use zero wait timers (§17.1.1.2, §17.2.1). */
  reliable: boolean;
}

export interface StatusOf {
  status: number;
}

/** Why a transaction ended without a final response from the other side. */
export type TransactionFailure = 'timeout' | 'transport-error';
