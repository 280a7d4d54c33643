import { SipRequest, type SipResponse } from '../message/index.js';

/**
 * The ACK a client transaction sends for a 300-699 response (RFC 3261 §17.1.1.3): same Request-URI, Call-ID, From
 * and CSeq number as the INVITE, CSeq method ACK, the To of the response (with its tag), only the INVITE's top Via
 * (so it matches the server transaction), and the INVITE's Route headers.
 */
export function buildAckForNonSuccess(invite: SipRequest, response: SipResponse): SipRequest {
  const h = invite.headers;
  const headers: Array<[string, string]> = [
    ['Via', h.getAll('via')[0] ?? ''],
    ['Max-Forwards', h.get('max-forwards') ?? '70'],
    ['From', h.get('from') ?? ''],
    ['To', response.headers.get('to') ?? h.get('to') ?? ''],
    ['Call-ID', h.get('call-id') ?? ''],
    ['CSeq', `${invite.cseq.seq} ACK`],
  ];
  for (const route of h.getAll('route')) headers.push(['Route', route]);
  return new SipRequest({ method: 'ACK', requestUri: invite.requestUri, headers });
}

/**
 * CANCEL for a pending INVITE (§9.1): the same Request-URI, Call-ID, To, From and CSeq number (method CANCEL), a
 * single Via equal to the INVITE's top Via (same branch, so it reaches the same server transaction), the same Routes.
 */
export function buildCancel(invite: SipRequest): SipRequest {
  const h = invite.headers;
  const headers: Array<[string, string]> = [
    ['Via', h.getAll('via')[0] ?? ''],
    ['Max-Forwards', h.get('max-forwards') ?? '70'],
    ['From', h.get('from') ?? ''],
    ['To', h.get('to') ?? ''],
    ['Call-ID', h.get('call-id') ?? ''],
    ['CSeq', `${invite.cseq.seq} CANCEL`],
  ];
  for (const route of h.getAll('route')) headers.push(['Route', route]);
  return new SipRequest({ method: 'CANCEL', requestUri: invite.requestUri, headers });
}
