import type { SipRequest, SipResponse } from '../message/index.js';

/*
 * Keys are built with Array.join, which copies into one flat string. A template literal would make a rope of slices
 * of the message's header text, and a finished transaction's key (kept up to 32 s, Timer J/L) would keep the whole
 * request head alive with it.
 */

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
  return [branch, via.sentBy.toLowerCase(), method].join('\u0000');
}

/** The key of the INVITE server transaction a CANCEL refers to (§9.2: same branch and sent-by, method INVITE). */
export function inviteKeyForCancel(cancel: SipRequest): string | undefined {
  const via = cancel.via;
  if (!via.branch || !via.hasMagicCookie) return undefined;
  return [via.branch, via.sentBy.toLowerCase(), 'INVITE'].join('\u0000');
}

/** Client transaction key, §17.1.3: the top Via branch of the response and the CSeq method. */
export function clientKeyOfResponse(response: SipResponse): string | undefined {
  const branch = response.via.branch;
  return branch ? [branch, response.cseq.method].join('\u0000') : undefined;
}

export function clientKey(branch: string, method: string): string {
  return [branch, method === 'ACK' ? 'INVITE' : method].join('\u0000');
}
