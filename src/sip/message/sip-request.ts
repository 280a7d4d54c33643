/**
 * A SIP request (RFC 3261 §7.1): method, Request-URI, header fields, body. The Request-URI is kept both parsed and
 * as its original text, so a proxy forwards the exact bytes it received unless it retargets (§16.6 step 2).
 */
import { isToken } from '../uri/chars.js';
import { type Uri, parseUri } from '../uri/uri.js';
import { type BodyInit, toBody } from './body.js';
import { EncodeError } from './encode-error.js';
import { type HeaderInit, Headers } from './headers.js';
import { SipMessageBase } from './message-base.js';

export interface SipRequestInit {
  readonly method: string;
  /** A URI, or its text (parsed; throws ParseError if invalid). */
  readonly requestUri: Uri | string;
  readonly headers?: HeaderInit | Headers;
  readonly body?: BodyInit;
}

function uriText(uri: Uri): string {
  const text = uri.toString();
  if (/[\s<>"]/.test(text)) throw new EncodeError(`Request-URI ${JSON.stringify(text)} cannot be written`);
  return text;
}

export class SipRequest extends SipMessageBase {
  readonly kind = 'request' as const;
  readonly method: string;
  private uri: Uri;
  private uriTextValue: string;

  constructor(init: SipRequestInit) {
    if (!isToken(init.method)) throw new EncodeError(`method ${JSON.stringify(init.method)} is not a token`);
    const headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    super(headers, toBody(init.body));
    this.method = init.method;
    this.uri = typeof init.requestUri === 'string' ? parseUri(init.requestUri) : init.requestUri;
    this.uriTextValue = uriText(this.uri);
  }

  /** @internal The parser's constructor: parts are already validated, the body is owned. */
  static fromWire(method: string, uriTextValue: string, uri: Uri, headers: Headers, body: Buffer): SipRequest {
    const req = Object.create(SipRequest.prototype) as Record<string, unknown>;
    req.headers = headers;
    req.body = body;
    req.kind = 'request';
    req.method = method;
    req.uri = uri;
    req.uriTextValue = uriTextValue;
    return req as unknown as SipRequest;
  }

  get requestUri(): Uri {
    return this.uri;
  }

  /** The Request-URI exactly as received (or as written by {@link SipRequest.setRequestUri}). */
  get requestUriText(): string {
    return this.uriTextValue;
  }

  setRequestUri(uri: Uri | string): void {
    this.uri = typeof uri === 'string' ? parseUri(uri) : uri;
    this.uriTextValue = uriText(this.uri);
  }
}
