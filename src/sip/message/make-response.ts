/**
 * makeResponse: a response to `request` built the way RFC 3261 §8.2.6 says a UAS builds one:
 *  - Via values copied in order, From, Call-ID and CSeq copied (§8.2.6.2);
 *  - To copied, with a tag added when the caller gives one and the request's To has none (§8.2.6.2: the UAS adds
 *    a tag unless the request was in a dialog; a 100 Trying never gets one);
 *  - for 100 Trying, Timestamp copied (§8.2.6.1).
 * Record-Route is not copied: that is the dialog layer's decision (§12.1.1).
 *
 * The request's To must be parseable (run validateMessage first); for requests that failed to parse, use
 * readResponseContext instead.
 */
import { isToken } from '../uri/chars.js';
import type { BodyInit } from './body.js';
import { EncodeError } from './encode-error.js';
import type { HeaderInit } from './headers.js';
import type { SipRequest } from './sip-request.js';
import { SipResponse } from './sip-response.js';

export interface MakeResponseOptions {
  /** Added to To when it has no tag (ignored for 100 Trying). */
  readonly toTag?: string;
  readonly body?: BodyInit;
}

export function makeResponse(
  request: SipRequest,
  status: number,
  reason?: string,
  extraHeaders?: HeaderInit,
  options: MakeResponseOptions = {},
): SipResponse {
  const h = request.headers;
  const headers: Array<[string, string]> = [];
  for (const via of h.getAll('via')) headers.push(['Via', via]);
  headers.push(['From', h.get('from') ?? '']);
  let to = h.get('to') ?? '';
  if (options.toTag !== undefined && status !== 100 && request.to.tag === undefined) {
    if (!isToken(options.toTag)) throw new EncodeError(`tag ${JSON.stringify(options.toTag)} is not a token`);
    to += `;tag=${options.toTag}`;
  }
  headers.push(['To', to], ['Call-ID', h.get('call-id') ?? ''], ['CSeq', h.get('cseq') ?? '']);
  if (status === 100) for (const ts of h.getAll('timestamp')) headers.push(['Timestamp', ts]);
  for (const [name, value] of extraHeaders ?? []) headers.push([name, value]);
  return new SipResponse({ status, ...(reason === undefined ? {} : { reason }), headers, ...(options.body === undefined ? {} : { body: options.body }) });
}
