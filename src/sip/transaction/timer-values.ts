/**
 * Transaction timer values, RFC 3261 §17.1.1.1 and Table 4 (Appendix A), plus RFC 6026's timers L and M.
 * Configurable per stack (T1 may be raised on high-latency networks, §17.1.1.1), in milliseconds.
 */
export interface TimerValues {
  /** RTT estimate, default 500 ms. */
  T1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses, default 4 s. */
  T2: number;
  /** Maximum duration a message remains in the network, default 5 s. */
  T4: number;
}

export const DEFAULT_TIMERS: Readonly<TimerValues> = Object.freeze({ T1: 500, T2: 4000, T4: 5000 });

/** Timer D: wait time for response retransmissions, "at least 32 seconds for unreliable transports" (§17.1.1.2). */
export const TIMER_D_UNRELIABLE = 32_000;

/**
 * How long an INVITE server transaction waits for the TU before it sends 100 Trying itself: §17.2.1 asks for one
 * "unless it knows that the TU will generate a provisional or final response within 200 ms". A TU that answers at
 * once (a trunk call answered by a scenario, a 401 challenge, a 486) then costs one datagram less.
 */
export const TRYING_DELAY = 200;
