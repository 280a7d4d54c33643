import type { SipRequest, SipResponse } from '../message/index.js';

/**
 * Server transaction key, RFC 3261 §17.2.3: the top Via's branch (with the magic cookie), its sent-by, and the
 * method — except that an ACK matches the INVITE it acknowledges. CANCEL has its own transaction (§9.2), keyed with
 * its own method, and finds the INVITE through {@link inviteKeyForCancel}.
 */
export function serverKey(request: SipRequest): string | undefined {
  const via = request.via;
  const branch = via.branch;
  // Requests without an RFC 3261 branch (RFC 2543 peers) are not matched for retransmissions: each is new.
  if (!branch || !via.hasMagicCookie) return undefined;
  const method = request.method === 'ACK' ? 'INVITE' : request.method;
  return `${branch}\u0000${via.sentBy.toLowerCase()}\u0000${method}`;
}

/** The key of the INVITE server transaction a CANCEL refers to (§9.2: same branch and sent-by, method INVITE). */
export function inviteKeyForCancel(cancel: SipRequest): string | undefined {
  const via = cancel.via;
  if (!via.branch || !via.hasMagicCookie) return undefined;
  return `${via.branch}\u0000${via.sentBy.toLowerCase()}\u0000INVITE`;
}

/** Client transaction key, §17.1.3: the top Via branch of the response and the CSeq method. */
export function clientKeyOfResponse(response: SipResponse): string | undefined {
  const branch = response.via.branch;
  return branch ? `${branch}\u0000${response.cseq.method}` : undefined;
}

export function clientKey(branch: string, method: string): string {
  return `${branch}\u0000${method === 'ACK' ? 'INVITE' : method}`;
}
