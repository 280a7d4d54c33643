/** A SIP response (RFC 3261 §7.2): status code, reason phrase, header fields, body. */
import { type BodyInit, toBody } from './body.js';
import { EncodeError } from './encode-error.js';
import { type HeaderInit, Headers, LONE_SURROGATE } from './headers.js';
import { SipMessageBase } from './message-base.js';
import { reasonPhrase } from './reason-phrases.js';

export interface SipResponseInit {
  readonly status: number;
  /** Defaults to the RFC 3261 §21 phrase for the code. */
  readonly reason?: string;
  readonly headers?: HeaderInit | Headers;
  readonly body?: BodyInit;
}

export class SipResponse extends SipMessageBase {
  readonly kind = 'response' as const;
  readonly status: number;
  readonly reason: string;

  constructor(init: SipResponseInit) {
    if (!Number.isInteger(init.status) || init.status < 100 || init.status > 699) {
      throw new EncodeError(`status ${init.status} is not 100-699`);
    }
    const reason = init.reason ?? reasonPhrase(init.status);
    if (/[\r\n]/.test(reason) || LONE_SURROGATE.test(reason)) throw new EncodeError('reason phrase cannot be written');
    const headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    super(headers, toBody(init.body));
    this.status = init.status;
    this.reason = reason;
  }

  /** @internal The parser's constructor: parts are already validated, the body is owned. */
  static fromWire(status: number, reason: string, headers: Headers, body: Buffer): SipResponse {
    const res = Object.create(SipResponse.prototype) as Record<string, unknown>;
    res.headers = headers;
    res.body = body;
    res.kind = 'response';
    res.status = status;
    res.reason = reason;
    return res as unknown as SipResponse;
  }

  /** 1xx (§7.2). */
  get isProvisional(): boolean {
    return this.status < 200;
  }
}
