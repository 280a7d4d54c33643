/**
 * Thrown when code (not the network) asks for something that cannot be written on the wire: a header value with a
 * bare CR or LF (header injection), a display name containing CR/LF (no quoted-pair can carry them, RFC 3261
 * §25.1), a method that is not a token. It signals a bug in the caller, so it is kept apart from {@link ParseError},
 * which signals bad input from a peer.
 */
export class EncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncodeError';
  }
}
