/** A message could not be sent or a listener could not be opened. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly reason: 'bind-failed' | 'send-failed' | 'connect-failed' | 'too-large' | 'closed',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}
