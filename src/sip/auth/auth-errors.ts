/**
 * Digest authentication's typed errors. The SIP layer tells them apart by class, never by message text
 * (ARCHITECTURE.md). Failed authentications are not errors: they are the typed results of `DigestServer.verify` and
 * `DigestAttempt.onChallenge`.
 */
export class AuthError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A `WWW-Authenticate` / `Proxy-Authenticate` / `Authorization` / `Proxy-Authorization` value that cannot be read.
 * `position` is the 0-based character offset where reading stopped (the length of the value when something is
 * missing rather than wrong).
 */
export class AuthParseError extends AuthError {
  constructor(
    readonly position: number,
    readonly reason: string,
  ) {
    super(`auth header at ${position}: ${reason}`);
  }
}

/**
 * A value that cannot be written into an auth header: CR, LF and NUL have no quoted-pair form in RFC 3261 §25.1, and
 * writing them would let a configured user name split the SIP message (header injection).
 */
export class AuthValueError extends AuthError {
  constructor(
    readonly param: string,
    reason: string,
  ) {
    super(`${param}: ${reason}`);
  }
}
