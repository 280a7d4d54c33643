import { unescapeText } from '../uri/chars.js';
import { hostKey } from '../uri/host.js';
import type { Uri } from '../uri/uri.js';

/** Parameters RFC 3261 §19.1.4 says must match when either URI carries them. */
const SIGNIFICANT = ['transport', 'user', 'ttl', 'method', 'maddr'];

/**
 * A comparison key for a Contact URI, so that a refresh of the same contact updates its binding instead of adding a
 * second one (RFC 3261 §10.3 step 7: "compares [each contact] against the bindings ... using the URI comparison
 * rules"). It folds what §19.1.4 folds: scheme and host case, escapes, IPv6 spelling; it keeps user, password, port
 * and the significant parameters. Other parameters (and headers, which a Contact should not carry) are left out:
 * §19.1.4 ignores parameters present on one side only, and phones add and drop such parameters between refreshes.
 */
export function contactKey(uri: Uri): string {
  if (uri.kind === 'tel') return `tel:${uri.digits.toLowerCase()}`;
  if (uri.kind === 'absolute') return `${uri.scheme}:${uri.rest}`;
  const user = uri.user === undefined ? '' : `${unescapeText(uri.user)}${uri.password === undefined ? '' : `:${unescapeText(uri.password)}`}@`;
  let key = `${uri.scheme}:${user}${hostKey(uri.host, uri.hostKind)}:${uri.port ?? ''}`;
  for (const name of SIGNIFICANT) {
    const value = uri.param(name);
    if (value !== undefined) key += `;${name}=${(value ?? '').toLowerCase()}`;
  }
  return key;
}
