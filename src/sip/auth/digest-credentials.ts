import { AuthParseError } from './auth-errors.js';
import { type AuthParam, paramsByName, parseAuthHeaderValue, serializeAuthHeaderValue } from './auth-params.js';

/**
 * Digest credentials: the value of an `Authorization` or `Proxy-Authorization` header, RFC 3261 §25.1:
 *
 *   credentials   = "Digest" LWS digest-response
 *   dig-resp      = username / realm / nonce / digest-uri / dresponse / algorithm / cnonce / opaque
 *                   / message-qop / nonce-count / auth-param
 *   message-qop   = "qop" EQUAL qop-value           (one value, unquoted)
 *   nonce-count   = "nc" EQUAL nc-value             nc-value = 8LHEX
 *
 * RFC 7616 §3.4: "For historical reasons, a sender MUST NOT generate the quoted string syntax for the following
 * parameters: algorithm, qop, and nc"; we still read them quoted, as old clients send `qop="auth"`.
 */
export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm?: string;
  cnonce?: string;
  opaque?: string;
  /** The one qop chosen, e.g. `auth`; absent in the RFC 2069 form. */
  qop?: string;
  /** 8 hex digits, as sent (e.g. `00000001`). */
  nc?: string;
  /** Every other parameter, verbatim and in order. */
  extensions: AuthParam[];
}

const KNOWN = new Set(['username', 'realm', 'nonce', 'uri', 'response', 'algorithm', 'cnonce', 'opaque', 'qop', 'nc']);
const REQUIRED = ['username', 'realm', 'nonce', 'uri', 'response'] as const;

/** Reads an `Authorization` / `Proxy-Authorization` value. Throws only `AuthParseError`. */
export function parseDigestCredentials(text: string): DigestCredentials {
  const { scheme, params } = parseAuthHeaderValue(text);
  if (scheme.toLowerCase() !== 'digest') {
    throw new AuthParseError(0, `scheme '${scheme}' is not Digest (RFC 3261 §22.1 deprecates Basic)`);
  }
  const known = paramsByName(params, KNOWN, text.length);
  for (const name of REQUIRED) {
    if (!known.has(name)) throw new AuthParseError(text.length, `credentials without ${name} (RFC 2617 §3.2.2)`);
  }
  const credentials: DigestCredentials = {
    username: known.get('username')!,
    realm: known.get('realm')!,
    nonce: known.get('nonce')!,
    uri: known.get('uri')!,
    response: known.get('response')!,
    extensions: params.filter((p) => !KNOWN.has(p.name.toLowerCase())),
  };
  for (const name of ['algorithm', 'cnonce', 'opaque', 'qop', 'nc'] as const) {
    const value = known.get(name);
    if (value !== undefined) credentials[name] = value;
  }
  const { qop, nc, cnonce } = credentials;
  if (nc !== undefined && !/^[0-9a-fA-F]{8}$/.test(nc)) {
    throw new AuthParseError(text.length, `nc '${nc}' is not 8 hex digits (RFC 7616 §3.4)`);
  }
  // RFC 7616 §3.4: with qop, cnonce and nc MUST be sent; without qop, they MUST NOT.
  if (qop !== undefined && (cnonce === undefined || nc === undefined)) {
    throw new AuthParseError(text.length, 'qop without cnonce and nc (RFC 7616 §3.4)');
  }
  if (qop === undefined && nc !== undefined) throw new AuthParseError(text.length, 'nc without qop (RFC 7616 §3.4)');
  return credentials;
}

/**
 * Writes a credentials value in the order of the RFC 2617 §3.5 and RFC 3261 §22.4 examples (username, realm, nonce,
 * uri, then algorithm, qop, nc, cnonce, response, opaque, then the rest), with bare algorithm, qop and nc.
 */
export function serializeDigestCredentials(c: DigestCredentials): string {
  const params: AuthParam[] = [
    { name: 'username', value: c.username, quoted: true },
    { name: 'realm', value: c.realm, quoted: true },
    { name: 'nonce', value: c.nonce, quoted: true },
    { name: 'uri', value: c.uri, quoted: true },
  ];
  if (c.algorithm !== undefined) params.push({ name: 'algorithm', value: c.algorithm, quoted: false });
  if (c.qop !== undefined) params.push({ name: 'qop', value: c.qop, quoted: false });
  if (c.nc !== undefined) params.push({ name: 'nc', value: c.nc, quoted: false });
  if (c.cnonce !== undefined) params.push({ name: 'cnonce', value: c.cnonce, quoted: true });
  params.push({ name: 'response', value: c.response, quoted: true });
  if (c.opaque !== undefined) params.push({ name: 'opaque', value: c.opaque, quoted: true });
  return serializeAuthHeaderValue({ scheme: 'Digest', params: [...params, ...c.extensions] });
}
