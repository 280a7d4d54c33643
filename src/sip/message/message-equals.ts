/**
 * Structural equality of two messages: same kind, start line, header fields (names as written, values, order)
 * and body octets. Content-Length lines are left out of the comparison: the body decides them, and the serializer
 * rewrites or adds them (so a built message without one still equals its own parse(serialize())). Typed-accessor
 * caches are ignored. This is the equality behind "parse(serialize(m)) equals m".
 */
import type { Headers } from './headers.js';
import type { SipMessage } from './sip-message.js';

function fields(h: Headers): string[] {
  const out: string[] = [];
  for (let i = 0; i < h.size; i++) if (h.keyAt(i) !== 'content-length') out.push(h.nameAt(i)!, h.valueAt(i)!);
  return out;
}

export function messageEquals(a: SipMessage, b: SipMessage): boolean {
  if (a.kind === 'request') {
    if (b.kind !== 'request' || a.method !== b.method || a.requestUriText !== b.requestUriText) return false;
  } else if (b.kind !== 'response' || a.status !== b.status || a.reason !== b.reason) {
    return false;
  }
  if (!a.body.equals(b.body)) return false;
  const fa = fields(a.headers);
  const fb = fields(b.headers);
  return fa.length === fb.length && fa.every((x, i) => x === fb[i]);
}
