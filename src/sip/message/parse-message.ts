/**
 * parseMessage: bytes → SipRequest | SipResponse, or a ParseError (RFC 3261 §7, §18.3).
 *
 * Framing (§18.3):
 *  - CRLFs before the start line are skipped (§7.5).
 *  - The head ends at the first empty line; a head without one is `headers-unterminated`.
 *  - Datagram: without Content-Length the body is the rest of the datagram; with it, the body is that many octets
 *    and any extra octets are ignored (RFC 4475 §3.1.1.8); more octets than the datagram holds is `body-truncated`
 *    (RFC 4475 §3.1.2.2). Stream: Content-Length is required.
 *  - Content-Length must be 1*DIGIT; several different values are `bad-content-length` (RFC 4475 §3.1.2.3,
 *    §3.3.9: the body's extent is unknowable).
 *
 * Normalisation, so that parse(serialize(m)) equals m: the message always carries Content-Length. A parsed
 * Content-Length value is rewritten in canonical form (`0150` → `150`); a datagram without one gets a
 * `Content-Length` field appended.
 *
 * Header values are parsed lazily (by the accessors); the start line and the Request-URI are parsed here.
 */
import { type Head, splitHead } from './head-parser.js';
import { Headers } from './headers.js';
import { ParseError } from './parse-error.js';
import type { SipMessage } from './sip-message.js';
import { SipRequest } from './sip-request.js';
import { SipResponse } from './sip-response.js';
import { parseStartLine } from './start-line.js';

export interface ParseOptions {
  /** `datagram` (default): Content-Length may be absent. `stream`: it is mandatory (§18.3, §20.14). */
  readonly transport?: 'datagram' | 'stream';
  /** Longest head accepted, in bytes; `headers-too-large` beyond it. Default 65,536. */
  readonly maxHeaderBytes?: number;
}

export const DEFAULT_MAX_HEADER_BYTES = 65_536;

const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');

/** A Buffer view of any Uint8Array, without copying. */
export function asBuffer(input: Uint8Array): Buffer {
  return Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
}

/** Index of the first octet that is not CR or LF, from `from`. */
export function skipCrlf(buf: Buffer, from: number): number {
  let i = from;
  while (i < buf.length && (buf[i] === 0x0d || buf[i] === 0x0a)) i++;
  return i;
}

/** Index of the `\r\n\r\n` that ends the head starting at `start`, or -1. */
export function findHeadEnd(buf: Buffer, start: number): number {
  return buf.indexOf(CRLFCRLF, start);
}

/** The Content-Length of a head, or undefined when it has none. */
export function contentLengthOf(head: Head, offset: number): number | undefined {
  let found: string | undefined;
  for (let i = 0; i < head.keys.length; i++) {
    if (head.keys[i] !== 'content-length') continue;
    const v = head.values[i]!;
    if (!/^\d{1,15}$/.test(v)) {
      throw new ParseError('bad-content-length', `bad Content-Length ${JSON.stringify(v)}`, { offset, header: 'content-length' });
    }
    if (found !== undefined && Number(found) !== Number(v)) {
      throw new ParseError('bad-content-length', 'several different Content-Length values', { offset, header: 'content-length' });
    }
    found = v;
  }
  return found === undefined ? undefined : Number(found);
}

/** Builds the message from a split head and its body octets (copied). */
export function buildMessage(head: Head, buf: Buffer, bodyStart: number, bodyLength: number, offset: number): SipMessage {
  const line = parseStartLine(head.startLine, offset);
  const body = Buffer.allocUnsafe(bodyLength);
  buf.copy(body, 0, bodyStart, bodyStart + bodyLength);
  const length = String(bodyLength);
  let hasLength = false;
  for (let i = 0; i < head.keys.length; i++) {
    if (head.keys[i] === 'content-length') {
      head.values[i] = length;
      hasLength = true;
    }
  }
  if (!hasLength) {
    head.names.push('Content-Length');
    head.values.push(length);
    head.keys.push('content-length');
  }
  const headers = Headers.fromParsed(head.names, head.values, head.keys);
  return line.kind === 'request'
    ? SipRequest.fromWire(line.method, line.uriText, line.uri, headers, body)
    : SipResponse.fromWire(line.status, line.reason, headers, body);
}

export function parseMessage(input: Uint8Array, options: ParseOptions = {}): SipMessage {
  const buf = asBuffer(input);
  const maxHeaderBytes = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  const start = skipCrlf(buf, 0);
  if (start >= buf.length) throw new ParseError('empty', 'no message (only CR/LF)', { offset: start });
  const headEnd = findHeadEnd(buf, start);
  if (headEnd === -1 || headEnd - start > maxHeaderBytes) {
    if (buf.length - start > maxHeaderBytes) {
      throw new ParseError('headers-too-large', `head longer than ${maxHeaderBytes} bytes`, { offset: start });
    }
    throw new ParseError('headers-unterminated', 'no empty line after the header fields', { offset: buf.length });
  }
  const head = splitHead(buf, start, headEnd);
  const bodyStart = headEnd + 4;
  const length = contentLengthOf(head, start);
  if (length === undefined && options.transport === 'stream') {
    throw new ParseError('missing-content-length', 'Content-Length is mandatory on stream transports', { offset: start });
  }
  const available = buf.length - bodyStart;
  if (length !== undefined && length > available) {
    throw new ParseError('body-truncated', `Content-Length ${length} but only ${available} body octets`, { offset: bodyStart });
  }
  return buildMessage(head, buf, bodyStart, length ?? available, start);
}
