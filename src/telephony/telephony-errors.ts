/** Typed errors of the telephony layer (ARCHITECTURE.md: never match on message text). */

/** The peer's SDP cannot be used: answered with 488 (RFC 3261 §13.3.1.1), or the outbound call is ended. */
export class MediaNegotiationError extends Error {
  override readonly name = 'MediaNegotiationError';
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** A call cannot be placed: no such trunk, operator, or the operator has no registered phone. */
export class CallPlacementError extends Error {
  override readonly name = 'CallPlacementError';
  constructor(
    /** The VoxEngine Failed code the scenario will see (404, 480, ...). */
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
