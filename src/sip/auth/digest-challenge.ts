import { AuthParseError } from './auth-errors.js';
import { type AuthParam, paramsByName, parseAuthHeaderValue, serializeAuthHeaderValue } from './auth-params.js';

/**
 * A Digest challenge: the value of a `WWW-Authenticate` (401) or `Proxy-Authenticate` (407) header, RFC 3261 §25.1:
 *
 *   challenge   = "Digest" LWS digest-cln *(COMMA digest-cln)
 *   digest-cln  = realm / domain / nonce / opaque / stale / algorithm / qop-options / auth-param
 *   stale       = "stale" EQUAL ( "true" / "false" )
 *   algorithm   = "algorithm" EQUAL ( "MD5" / "MD5-sess" / token )
 *   qop-options = "qop" EQUAL LDQUOT qop-value *("," qop-value) RDQUOT
 *
 * In SIP each header carries exactly one challenge; a server offering several algorithms sends several headers (RFC
 * 8760 §2.3). Written in the order of RFC 3261 §20.44's example (realm, domain, qop, nonce, opaque, stale,
 * algorithm, then the rest), realm, domain, qop, nonce and opaque quoted, stale and algorithm bare.
 */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  domain?: string;
  opaque?: string;
  stale?: boolean;
  /** As written by the server (e.g. `SHA-256`, `md5`, or one we do not know); absent means MD5. */
  algorithm?: string;
  /** qop-options, e.g. `['auth']` or `['auth', 'auth-int']`; absent in RFC 2069 challenges. */
  qop?: string[];
  /** Every other parameter, verbatim and in order (RFC 7616 §3.3 `userhash`, `charset`, vendor ones). */
  extensions: AuthParam[];
}

const KNOWN = new Set(['realm', 'nonce', 'domain', 'opaque', 'stale', 'algorithm', 'qop']);

/** Reads a `WWW-Authenticate` / `Proxy-Authenticate` value. Throws only `AuthParseError`. */
export function parseDigestChallenge(text: string): DigestChallenge {
  const { scheme, params } = parseAuthHeaderValue(text);
  if (scheme.toLowerCase() !== 'digest') {
    throw new AuthParseError(0, `scheme '${scheme}' is not Digest (RFC 3261 §22.1 deprecates Basic)`);
  }
  const known = paramsByName(params, KNOWN, text.length);
  const realm = known.get('realm');
  const nonce = known.get('nonce');
  if (realm === undefined) throw new AuthParseError(text.length, 'challenge without realm');
  if (nonce === undefined) throw new AuthParseError(text.length, 'challenge without nonce');
  const challenge: DigestChallenge = {
    realm,
    nonce,
    extensions: params.filter((p) => !KNOWN.has(p.name.toLowerCase())),
  };
  const domain = known.get('domain');
  if (domain !== undefined) challenge.domain = domain;
  const opaque = known.get('opaque');
  if (opaque !== undefined) challenge.opaque = opaque;
  const stale = known.get('stale');
  // RFC 7616 §3.3: stale is a case-insensitive flag; anything but true means false.
  if (stale !== undefined) challenge.stale = stale.toLowerCase() === 'true';
  const algorithm = known.get('algorithm');
  if (algorithm !== undefined) challenge.algorithm = algorithm;
  const qop = known.get('qop');
  if (qop !== undefined) challenge.qop = splitQop(qop);
  return challenge;
}

/** Writes a challenge value: `Digest realm="...", nonce="...", algorithm=SHA-256, qop="auth"`. */
export function serializeDigestChallenge(c: DigestChallenge): string {
  const params: AuthParam[] = [{ name: 'realm', value: c.realm, quoted: true }];
  if (c.domain !== undefined) params.push({ name: 'domain', value: c.domain, quoted: true });
  if (c.qop !== undefined) params.push({ name: 'qop', value: c.qop.join(','), quoted: true });
  params.push({ name: 'nonce', value: c.nonce, quoted: true });
  if (c.opaque !== undefined) params.push({ name: 'opaque', value: c.opaque, quoted: true });
  if (c.stale !== undefined) params.push({ name: 'stale', value: c.stale ? 'true' : 'false', quoted: false });
  if (c.algorithm !== undefined) params.push({ name: 'algorithm', value: c.algorithm, quoted: false });
  return serializeAuthHeaderValue({ scheme: 'Digest', params: [...params, ...c.extensions] });
}

/** `"auth,auth-int"` or `"auth, auth-int"` → `['auth', 'auth-int']`. */
function splitQop(value: string): string[] {
  return value
    .split(',')
    .map((q) => q.trim())
    .filter((q) => q !== '');
}
