/**
 * SipStreamFramer: cuts a TCP/TLS byte stream into SIP messages (RFC 3261 §18.3):
 *
 *   stream  = *( keepalive / message )
 *   message = head CRLF CRLF body            ; body length = Content-Length, mandatory on streams
 *
 * - CRLFs between messages are skipped (§7.5). A double CRLF is an RFC 5626 §4.4.1 keep-alive "ping", reported
 *   as `{ kind: 'ping' }` so the transport answers with a single CRLF "pong"; a lone CRLF (a pong, or an old-style
 *   keep-alive) is consumed silently.
 * - A message whose head and Content-Length are readable is framed even if the rest of it is bad: the output then
 *   carries `error` instead of `message`, and the transport can answer 400 from its bytes (readResponseContext).
 * - A stream that can no longer be cut (unreadable head, missing/bad Content-Length, limits exceeded) cannot be
 *   resynchronised: push throws that ParseError, and every later push throws it again. When messages completed
 *   earlier in the same push, they are returned first and the error is thrown by the next push.
 * - Limits are enforced as soon as they are known (a head longer than maxHeaderBytes, or a Content-Length that
 *   takes the message past maxMessageBytes), so a peer cannot make the framer buffer without bound.
 */
import { splitHead } from './head-parser.js';
import { ParseError } from './parse-error.js';
import { buildMessage, contentLengthOf, findHeadEnd } from './parse-message.js';
import type { SipMessage } from './sip-message.js';

export interface SipStreamFramerOptions {
  /** Largest message (head + body) accepted. Default 65,536. */
  readonly maxMessageBytes?: number;
  /** Largest head (start line + header fields) accepted. Default 16,384. */
  readonly maxHeaderBytes?: number;
}

export type SipStreamFramerOutput =
  | ({ readonly kind: 'message'; readonly bytes: Buffer } & (
      | { readonly message: SipMessage; readonly error?: undefined }
      | { readonly message?: undefined; readonly error: ParseError }
    ))
  | { readonly kind: 'ping' };

export class SipStreamFramer {
  private readonly maxMessageBytes: number;
  private readonly maxHeaderBytes: number;
  private buf: Buffer = Buffer.alloc(0);
  /** How far the current head has been searched for its end. */
  private scanned = 0;
  private failure: ParseError | undefined;
  /** Bytes consumed so far, for error offsets. */
  private consumed = 0;

  constructor(options: SipStreamFramerOptions = {}) {
    this.maxMessageBytes = options.maxMessageBytes ?? 65_536;
    this.maxHeaderBytes = Math.min(options.maxHeaderBytes ?? 16_384, this.maxMessageBytes);
  }

  /** The error that stopped the framer, if any. */
  get error(): ParseError | undefined {
    return this.failure;
  }

  /** Bytes received but not yet part of a complete message. */
  get bufferedBytes(): number {
    return this.buf.length;
  }

  push(chunk: Uint8Array): SipStreamFramerOutput[] {
    if (this.failure) throw this.failure;
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
    const out: SipStreamFramerOutput[] = [];
    try {
      while (this.step(out));
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      this.failure = e;
      this.buf = Buffer.alloc(0);
      if (out.length === 0) throw e;
    }
    return out;
  }

  private take(n: number): void {
    this.buf = this.buf.subarray(n);
    this.consumed += n;
    this.scanned = 0;
  }

  /** Handles what is at the front of the buffer; returns false when more bytes are needed. */
  private step(out: SipStreamFramerOutput[]): boolean {
    const buf = this.buf;
    if (buf.length === 0) return false;
    if (buf[0] === 0x0d || buf[0] === 0x0a) return this.keepalive(out);

    const headEnd = findHeadEnd(buf, Math.max(0, this.scanned - 3));
    if (headEnd === -1 || headEnd > this.maxHeaderBytes) {
      if (buf.length > this.maxHeaderBytes) {
        throw new ParseError('headers-too-large', `head longer than ${this.maxHeaderBytes} bytes`, { offset: this.consumed });
      }
      this.scanned = buf.length;
      return false;
    }
    const head = splitHead(buf, 0, headEnd);
    const length = contentLengthOf(head, this.consumed);
    if (length === undefined) {
      throw new ParseError('missing-content-length', 'Content-Length is mandatory on stream transports', { offset: this.consumed });
    }
    const total = headEnd + 4 + length;
    if (total > this.maxMessageBytes) {
      throw new ParseError('message-too-large', `message of ${total} bytes exceeds ${this.maxMessageBytes}`, { offset: this.consumed });
    }
    if (buf.length < total) {
      this.scanned = headEnd; // the head is known; wait for the body without searching again
      return false;
    }
    const bytes = Buffer.allocUnsafe(total);
    buf.copy(bytes, 0, 0, total);
    try {
      out.push({ kind: 'message', bytes, message: buildMessage(head, bytes, headEnd + 4, length, 0) });
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      out.push({ kind: 'message', bytes, error: e });
    }
    this.take(total);
    return true;
  }

  private keepalive(out: SipStreamFramerOutput[]): boolean {
    const buf = this.buf;
    if (buf.length >= 4 && buf[0] === 0x0d && buf[1] === 0x0a && buf[2] === 0x0d && buf[3] === 0x0a) {
      out.push({ kind: 'ping' });
      this.take(4);
      return true;
    }
    if (buf.length >= 3 && buf[0] === 0x0d && buf[1] === 0x0a && buf[2] !== 0x0d) {
      this.take(2); // a pong or a bare CRLF keep-alive
      return true;
    }
    // Up to three CR/LF octets may be the start of a ping: wait for the next one.
    let run = 0;
    while (run < buf.length && run < 4 && (buf[run] === 0x0d || buf[run] === 0x0a)) run++;
    if (run === buf.length && run < 4) return false;
    this.take(1); // a stray CR or LF (§7.5: ignore CRLF before the start line)
    return true;
  }
}
