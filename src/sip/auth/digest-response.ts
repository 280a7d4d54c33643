import { timingSafeEqual } from 'node:crypto';
import type { DigestAlgorithm, DigestHash } from './digest-algorithm.js';
import { hashHex } from './digest-algorithm.js';

/**
 * The digest computation of RFC 7616 §3.4.1-3.4.3 (RFC 2617 §3.2.2.1-3.2.2.3, RFC 2069 for the qop-less form):
 *
 *   A1       = username ":" realm ":" passwd                       (plain algorithms)
 *   A1       = H(username ":" realm ":" passwd) ":" nonce ":" cnonce  (-sess algorithms)
 *   A2       = Method ":" request-uri                              (qop=auth, or no qop)
 *   A2       = Method ":" request-uri ":" H(entity-body)           (qop=auth-int)
 *   response = KD(H(A1), nonce ":" nc ":" cnonce ":" qop ":" H(A2))  with qop
 *   response = KD(H(A1), nonce ":" H(A2))                          without qop (RFC 2069)
 *   KD(secret, data) = H(secret ":" data)
 *
 * In SIP the Method is the request's method and request-uri the `uri` parameter (RFC 3261 §22.4).
 */

/** H(username:realm:password), what a password store may keep instead of the password ("HA1"). */
export function computeHa1(hash: DigestHash, username: string, realm: string, password: string): string {
  return hashHex(hash, `${username}:${realm}:${password}`);
}

export interface DigestResponseInput {
  algorithm: DigestAlgorithm;
  /** H(username:realm:password) in lowercase hex; for -sess algorithms the session key is derived from it here. */
  ha1: string;
  nonce: string;
  method: string;
  uri: string;
  /** `auth`, `auth-int`, or undefined for the RFC 2069 form. */
  qop?: 'auth' | 'auth-int';
  /** The 8 hex digits of nc, as sent. Required with qop. */
  nc?: string;
  /** Required with qop and with -sess algorithms. */
  cnonce?: string;
  /** The message body, for auth-int. */
  body?: string;
}

/** The `response` parameter value (lowercase hex). Missing nc/cnonce where required count as empty strings. */
export function computeDigestResponse(input: DigestResponseInput): string {
  const { algorithm, nonce, method, uri, qop } = input;
  const H = (data: string): string => hashHex(algorithm.hash, data);
  const cnonce = input.cnonce ?? '';
  const ha1 = algorithm.session ? H(`${input.ha1.toLowerCase()}:${nonce}:${cnonce}`) : input.ha1.toLowerCase();
  const a2 = qop === 'auth-int' ? `${method}:${uri}:${H(input.body ?? '')}` : `${method}:${uri}`;
  if (qop === undefined) return H(`${ha1}:${nonce}:${H(a2)}`);
  return H(`${ha1}:${nonce}:${input.nc ?? ''}:${cnonce}:${qop}:${H(a2)}`);
}

/**
 * Compares two hex digests in time independent of where they differ, so response times do not tell an attacker how
 * much of a guess was right. Case-insensitive, as some clients send upper-case hex.
 */
export function digestsEqual(expected: string, received: string): boolean {
  const a = Buffer.from(expected.toLowerCase(), 'utf8');
  const b = Buffer.from(received.toLowerCase(), 'utf8');
  // The length of our own digest is public (it follows from the algorithm), so an early exit on length leaks nothing.
  return a.length === b.length && timingSafeEqual(a, b);
}
