/** A SIP message is a request or a response (RFC 3261 §7); `kind` tells them apart. */
import type { SipRequest } from './sip-request.js';
import type { SipResponse } from './sip-response.js';

export type SipMessage = SipRequest | SipResponse;

export function isRequest(msg: SipMessage): msg is SipRequest {
  return msg.kind === 'request';
}

export function isResponse(msg: SipMessage): msg is SipResponse {
  return msg.kind === 'response';
}
