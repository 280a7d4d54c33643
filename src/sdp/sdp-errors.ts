/**
 * The SDP layer's typed errors. Callers tell them apart by class, never by message text (ARCHITECTURE.md); the SIP
 * layer maps an unreadable offer to `400 Bad Request` and an unacceptable one (see `NegotiationFailure`) to `488`.
 */
export class SdpError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A session description that cannot be read. `line` is 1-based (0 when the text as a whole is at fault, e.g. empty);
 * `reason` is the human explanation without the line prefix.
 */
export class SdpParseError extends SdpError {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(line > 0 ? `SDP line ${line}: ${reason}` : `SDP: ${reason}`);
  }
}

/** Options given to an SDP builder (createOffer, negotiateAnswer) that cannot produce a valid description. */
export class InvalidSdpOptionsError extends SdpError {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}
