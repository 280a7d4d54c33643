/**
 * serializeMessage: the canonical wire form of a message (RFC 3261 §7):
 *
 *   start-line CRLF *( field-name ": " field-value CRLF ) CRLF body
 *
 * - Header fields are written in order, one line each, with the names as stored (a compact `v` stays `v`);
 *   values were unfolded on parse, so nothing is folded on output.
 * - Content-Length is owned by the serializer: every Content-Length line gets the body's real length, and one is
 *   appended when there is none (it is mandatory on streams, §18.3, and harmless on datagrams).
 * - Text is written as UTF-8.
 *
 * serialize(parse(bytes)) therefore equals `bytes` up to: folding and whitespace around `:`, the version spelling
 * (`SIP/2.0`), CRLFs before the start line, octets after the body of a datagram, the form of Content-Length, and
 * Latin-1 head text re-encoded as UTF-8. parse(serialize(m)) equals m (see messageEquals).
 */
import type { SipMessage } from './sip-message.js';

export function serializeHead(msg: SipMessage): string {
  let out =
    msg.kind === 'request'
      ? `${msg.method} ${msg.requestUriText} SIP/2.0\r\n`
      : `SIP/2.0 ${msg.status} ${msg.reason}\r\n`;
  const length = String(msg.body.length);
  const h = msg.headers;
  let hasLength = false;
  for (let i = 0; i < h.size; i++) {
    const name = h.nameAt(i)!;
    let value = h.valueAt(i)!;
    if (h.keyAt(i) === 'content-length') {
      value = length;
      hasLength = true;
    }
    out += value.length === 0 ? `${name}:\r\n` : `${name}: ${value}\r\n`;
  }
  if (!hasLength) out += `Content-Length: ${length}\r\n`;
  return out + '\r\n';
}

export function serializeMessage(msg: SipMessage): Buffer {
  const head = serializeHead(msg);
  const headLength = Buffer.byteLength(head, 'utf8');
  const out = Buffer.allocUnsafe(headLength + msg.body.length);
  out.write(head, 0, 'utf8');
  msg.body.copy(out, headLength);
  return out;
}
