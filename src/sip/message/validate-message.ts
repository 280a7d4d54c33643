/**
 * validateMessage: everything wrong with a parsed message that a UAS answers with 400 (RFC 3261 §8.2.2, §16.3)
 * or a UAC drops (§8.1.3.3), as a list of ParseErrors (empty when the message is sound). It never throws.
 *
 * Checked:
 *  - To, From, Call-ID, CSeq and Via are present (§8.1.1). Max-Forwards is not required, to keep accepting
 *    RFC 2543 requests (RFC 4475 §3.4.1); the proxy core treats a missing one as 70 (§16.6 step 3).
 *  - single-valued fields appear once (§7.3.1; RFC 4475 §3.3.8);
 *  - every field holdless reads has valid syntax (Via, From, To, Call-ID, CSeq, Max-Forwards, Contact, Route,
 *    Record-Route, Expires, Content-Type, Date);
 *  - requests: the CSeq method equals the request method (§8.1.1.5; RFC 4475 §3.1.2.17, §3.1.2.18) and the
 *    Request-URI has no headers component (§19.1.1 table; RFC 4475 §3.1.2.11).
 * Not checked here (they need the UA or proxy's own state): unknown methods (405/501), URI schemes (416),
 * Require (420), content types (415), Max-Forwards of zero (483), branch formats (transaction layer).
 */
import { ParseError } from './parse-error.js';
import type { SipMessage } from './sip-message.js';

const MANDATORY = ['via', 'from', 'to', 'call-id', 'cseq'] as const;
const SINGLE = ['from', 'to', 'call-id', 'cseq', 'max-forwards', 'content-type', 'expires', 'date'] as const;

const ACCESSORS: ReadonlyArray<readonly [key: string, read: (m: SipMessage) => unknown]> = [
  ['via', (m) => m.vias],
  ['from', (m) => m.from],
  ['to', (m) => m.to],
  ['call-id', (m) => m.callId],
  ['cseq', (m) => m.cseq],
  ['max-forwards', (m) => m.maxForwards],
  ['contact', (m) => m.contacts],
  ['route', (m) => m.routes],
  ['record-route', (m) => m.recordRoutes],
  ['expires', (m) => m.expires],
  ['content-type', (m) => m.contentType],
  ['date', (m) => m.date],
];

export function validateMessage(msg: SipMessage): ParseError[] {
  const problems: ParseError[] = [];
  const missing = new Set<string>();
  for (const key of MANDATORY) {
    if (!msg.headers.has(key)) {
      missing.add(key);
      problems.push(new ParseError('missing-header', `missing ${key} header`, { header: key }));
    }
  }
  for (const key of SINGLE) {
    if (msg.headers.count(key) > 1) {
      problems.push(new ParseError('duplicate-header', `${key} appears more than once`, { header: key }));
    }
  }
  let cseqOk = false;
  for (const [key, read] of ACCESSORS) {
    if (missing.has(key) || !msg.headers.has(key)) continue;
    try {
      read(msg);
      if (key === 'cseq') cseqOk = true;
    } catch (e) {
      problems.push(e instanceof ParseError ? e : new ParseError('bad-header-value', `${key}: ${String(e)}`, { header: key, cause: e }));
    }
  }
  if (msg.kind === 'request') {
    if (cseqOk && msg.cseq.method !== msg.method) {
      problems.push(
        new ParseError('cseq-method-mismatch', `CSeq method ${msg.cseq.method} does not match ${msg.method}`, { header: 'cseq' }),
      );
    }
    if (msg.requestUri.kind === 'sip' && msg.requestUri.headers.length > 0) {
      problems.push(new ParseError('request-uri-has-headers', 'the Request-URI must not carry headers (RFC 3261 §19.1.1)'));
    }
  }
  return problems;
}
