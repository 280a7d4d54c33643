/**
 * The errors a media leg raises. Callers branch on the class and `reason`, never on the message text (ARCHITECTURE.md):
 * the telephony layer maps `PortsExhaustedError` to `503 Service Unavailable` for the INVITE it cannot take
 * (RFC 3261 §21.5.4), the rest to a failed call.
 */
export type MediaEndpointErrorReason =
  | 'ports-exhausted' // every even port of the configured range is in use (or taken by someone else)
  | 'bind-failed' // the OS refused the socket (address not local, permission)
  | 'closed' // the leg was closed
  | 'invalid-config' // a payload type, address or range out of bounds
  | 'no-telephone-event'; // digits asked for, but the peer did not negotiate RFC 4733

export class MediaEndpointError extends Error {
  constructor(
    readonly reason: MediaEndpointErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MediaEndpointError';
  }
}

/** No even port pair is free in the configured RTP range. */
export class PortsExhaustedError extends MediaEndpointError {
  constructor(
    readonly min: number,
    readonly max: number,
    options?: { cause?: unknown },
  ) {
    super('ports-exhausted', `no free RTP port in ${min}-${max}`, options);
    this.name = 'PortsExhaustedError';
  }
}
