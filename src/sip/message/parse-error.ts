/**
 * The one error type that bad SIP input produces. Every parser in `src/sip/message` and `src/sip/uri` throws
 * {@link ParseError} and nothing else; callers switch on {@link ParseError.reason}, never on the message text.
 */

/**
 * Why a message (or one of its parts) could not be read.
 *
 * Framing and start-line reasons come from `parseMessage` and the stream framer; the header-value reasons come
 * from the typed accessors (they parse on demand); the last group comes from `validateMessage`.
 */
export type ParseErrorReason =
  // Framing (RFC 3261 §7, §18.3)
  | 'empty'
  | 'headers-unterminated'
  | 'bare-line-break'
  | 'bad-header-line'
  | 'bad-content-length'
  | 'missing-content-length'
  | 'body-truncated'
  | 'headers-too-large'
  | 'message-too-large'
  // Start line (RFC 3261 §7.1, §7.2)
  | 'bad-start-line'
  | 'bad-request-uri'
  | 'unsupported-version'
  | 'bad-status-code'
  // Values (RFC 3261 §19, §20, §25)
  | 'bad-uri'
  | 'bad-header-value'
  // Message-level checks (RFC 3261 §8.1.1, §8.2, §16.3)
  | 'missing-header'
  | 'duplicate-header'
  | 'cseq-method-mismatch'
  | 'request-uri-has-headers';

export interface ParseErrorDetails {
  /** Byte offset into the parsed buffer where the problem was found, when that is meaningful. */
  readonly offset?: number;
  /** Canonical lower-case name of the header field at fault (`via`, `content-length`, ...). */
  readonly header?: string;
  readonly cause?: unknown;
}

export class ParseError extends Error {
  readonly reason: ParseErrorReason;
  readonly offset: number | undefined;
  readonly header: string | undefined;

  constructor(reason: ParseErrorReason, message: string, details: ParseErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ParseError';
    this.reason = reason;
    this.offset = details.offset;
    this.header = details.header;
  }
}

/**
 * The status a UAS answers a request with when it fails for `error` (RFC 3261 §8.2, §21.4). The transport and
 * transaction layers call this once, at the edge; responses that fail to parse are dropped instead (§18.1.2).
 */
export function statusForParseError(error: ParseError): 400 | 505 | 513 {
  switch (error.reason) {
    case 'unsupported-version':
      return 505; // RFC 3261 §21.5.6 Version Not Supported
    case 'message-too-large':
    case 'headers-too-large':
      return 513; // RFC 3261 §21.5.7 Message Too Large
    default:
      return 400;
  }
}
