import type { Clock } from '../../lib/clock.js';
import type { Rng } from '../../lib/rng.js';
import { AuthParseError } from './auth-errors.js';
import { digestAlgorithm, type DigestHash, HASH_HEX_LENGTH } from './digest-algorithm.js';
import { type DigestChallenge, serializeDigestChallenge } from './digest-challenge.js';
import { type DigestCredentials, parseDigestCredentials } from './digest-credentials.js';
import type { DigestRequest } from './digest-request.js';
import { computeDigestResponse, computeHa1, digestsEqual } from './digest-response.js';
import { NonceCountWindow } from './nonce-count-window.js';
import { NonceSigner } from './signed-nonce.js';

/** A user's secret: the password, or H(username:realm:password) for the hash asked about ("HA1"). */
export type DigestSecret = string | { readonly ha1: string };

/**
 * Finds a user's secret. `hash` says which HA1 is wanted when the store keeps HA1s rather than passwords (an MD5 HA1
 * cannot check a SHA-256 response). Undefined: no such user.
 */
export type DigestSecretLookup = (
  username: string,
  realm: string,
  hash: DigestHash,
) => DigestSecret | undefined | Promise<DigestSecret | undefined>;

/** Algorithms the server can challenge with, in the order its headers are sent. */
export type ServerAlgorithm = 'SHA-256' | 'SHA-512-256' | 'MD5';

export interface DigestServerOptions {
  /** The protection space (RFC 3261 §22.1 wants it globally unique), e.g. the server's host name. */
  realm: string;
  /** HMAC key for stateless nonces, at least 16 bytes; the same on every node of a cluster. */
  secret: string | Uint8Array;
  lookup: DigestSecretLookup;
  clock: Clock;
  rng: Rng;
  /** How long a nonce stays good; older ones get `stale=true` (default 5 minutes). */
  nonceTtlMs?: number;
  /**
   * Challenge headers, one per algorithm, in this order (default SHA-256 then MD5: RFC 8760 §2.3 lists them "in the
   * order in which it would prefer to see them used"). Dropping MD5 closes the downgrade RFC 8760 §3 warns of, at
   * the cost of phones that only know MD5.
   */
  algorithms?: readonly ServerAlgorithm[];
  /** Accept RFC 2069 responses without qop from old clients (default true); each nonce then serves one request. */
  acceptLegacyNoQop?: boolean;
  /** Nonces whose highest nc is remembered (default 10,000). */
  maxTrackedNonces?: number;
  /**
   * RFC 2617 §3.2.2.5: the `uri` parameter must name the Request-URI. Default: the same string. The SIP layer may pass
   * RFC 3261 §19.1.4 URI equality instead.
   */
  uriMatches?: (credentialsUri: string, requestUri: string) => boolean;
}

/**
 * Why a request is not authenticated. `challenge` holds the `WWW-Authenticate` (for a 401) or `Proxy-Authenticate`
 * (for a 407) values to answer with, one per algorithm, freshly issued; with `stale=true` for `stale`. The SIP layer
 * picks the status: 401/407 for all, or 400 for `malformed` if it prefers, 403 after
 * repeated `bad-response`s.
 * - `missing`: no credentials at all (the normal first request).
 * - `malformed`: credentials that cannot be read, or are not Digest.
 * - `realm-mismatch`: credentials only for other realms.
 * - `unsupported-algorithm`: an algorithm we did not offer, or a qop other than `auth` (auth-int is refused).
 * - `uri-mismatch`: the `uri` parameter is not the Request-URI.
 * - `unknown-user`: the lookup knows no such user.
 * - `bad-response`: the digest is wrong (wrong password).
 * - `stale`: the digest is right but the nonce expired, or is not ours (e.g. a previous secret).
 * - `replay`: the nonce count did not increase.
 */
export type DigestFailureReason =
  | 'missing'
  | 'malformed'
  | 'unknown-user'
  | 'bad-response'
  | 'stale'
  | 'replay'
  | 'realm-mismatch'
  | 'uri-mismatch'
  | 'unsupported-algorithm';

export type DigestVerifyResult =
  | { ok: true; username: string; realm: string; algorithm: string }
  | { ok: false; reason: DigestFailureReason; challenge: string[] };

/**
 * The UAS / registrar side of SIP Digest authentication (RFC 3261 §22.4, RFC 8760). Issues challenges whose nonces
 * are HMAC-signed with their issue time (`NonceSigner`), so any node verifies them without shared state; checks
 * responses against a password (or HA1) lookup in constant time; refuses replayed nonce counts (`NonceCountWindow`).
 * The same object serves 401/WWW-Authenticate and 407/Proxy-Authenticate: only the header names differ.
 */
export class DigestServer {
  private readonly signer: NonceSigner;
  private readonly counts: NonceCountWindow;
  private readonly algorithms: readonly ServerAlgorithm[];

  constructor(private readonly options: DigestServerOptions) {
    this.signer = new NonceSigner(options.secret, options.realm, options.nonceTtlMs ?? 300_000);
    this.counts = new NonceCountWindow(options.maxTrackedNonces ?? 10_000);
    this.algorithms = options.algorithms ?? ['SHA-256', 'MD5'];
    if (this.algorithms.length === 0) throw new RangeError('at least one algorithm is needed');
  }

  get realm(): string {
    return this.options.realm;
  }

  /** The challenges to send, as parsed values (one per algorithm, sharing one fresh nonce). */
  challenges(stale = false): DigestChallenge[] {
    const nonce = this.signer.issue(this.options.clock.now(), this.options.rng.hex(8));
    return this.algorithms.map((algorithm) => {
      const c: DigestChallenge = { realm: this.options.realm, nonce, algorithm, qop: ['auth'], extensions: [] };
      if (stale) c.stale = true;
      return c;
    });
  }

  /** The `WWW-Authenticate` / `Proxy-Authenticate` values to send, most preferred first (RFC 8760 §2.3). */
  challenge(stale = false): string[] {
    return this.challenges(stale).map(serializeDigestChallenge);
  }

  /**
   * Checks the `Authorization` (or `Proxy-Authorization`) values of a request. Several may be present, one per realm
   * (RFC 3261 §22.3); the one for our realm is used.
   */
  async verify(
    authorization: string | readonly string[] | undefined,
    request: DigestRequest,
  ): Promise<DigestVerifyResult> {
    const selected = this.select(typeof authorization === 'string' ? [authorization] : (authorization ?? []));
    if (typeof selected === 'string') return this.fail(selected);
    const credentials = selected;

    const algorithm = digestAlgorithm(credentials.algorithm);
    // Only what we offered: RFC 8760 §2.4 has the client answer one of our challenges; -sess variants are not sent.
    const offered = (this.algorithms as readonly string[]).includes(algorithm?.name ?? '');
    if (!algorithm || !offered) return this.fail('unsupported-algorithm');
    const qop = credentials.qop?.toLowerCase();
    if (qop !== undefined && qop !== 'auth') return this.fail('unsupported-algorithm');
    if (qop === undefined && this.options.acceptLegacyNoQop === false) return this.fail('unsupported-algorithm');
    // RFC 7616 §3.4: the first request with a nonce has nc 00000001, so 0 is never a count.
    if (qop !== undefined && parseInt(credentials.nc!, 16) === 0) return this.fail('malformed');
    const uriMatches = this.options.uriMatches ?? ((a, b) => a === b);
    if (!uriMatches(credentials.uri, request.uri)) return this.fail('uri-mismatch');

    const secret = await this.options.lookup(credentials.username, credentials.realm, algorithm.hash);
    // An unknown user costs the same hashing as a known one, so response times do not tell which names exist.
    const ha1 =
      secret === undefined || typeof secret === 'string'
        ? computeHa1(algorithm.hash, credentials.username, credentials.realm, secret ?? '')
        : secret.ha1.toLowerCase();
    if (ha1.length !== HASH_HEX_LENGTH[algorithm.hash]) return this.fail('bad-response');
    const expected = computeDigestResponse({
      algorithm,
      ha1,
      nonce: credentials.nonce,
      method: request.method,
      uri: credentials.uri,
      ...(qop === 'auth' ? { qop, nc: credentials.nc!, cnonce: credentials.cnonce! } : {}),
    });
    if (secret === undefined) return this.fail('unknown-user');
    if (!digestsEqual(expected, credentials.response)) return this.fail('bad-response');

    // RFC 2617 §3.2.1: stale=true only for a request "for which the nonce is invalid but with a valid digest for that
    // nonce", which is why the nonce is looked at after the digest: a wrong password never learns its nonce was old.
    const nonce = this.signer.check(credentials.nonce, this.options.clock.now());
    if (nonce.status !== 'valid') return this.fail('stale');
    if (qop === 'auth') {
      const nc = parseInt(credentials.nc!, 16);
      const verdict = this.counts.accept(credentials.nonce, nonce.issuedAt, nc);
      if (verdict !== 'ok') return this.fail(verdict === 'replay' ? 'replay' : 'stale');
    } else if (this.counts.accept(credentials.nonce, nonce.issuedAt, 1) !== 'ok') {
      // RFC 2069 responses carry no count, so each nonce serves one request; a reuse (honest or replayed) gets a
      // fresh nonce with stale=true, which honest clients follow without asking the user again.
      return this.fail('stale');
    }
    return { ok: true, username: credentials.username, realm: credentials.realm, algorithm: algorithm.name };
  }

  /** The credentials for our realm among the header values, or why there are none. */
  private select(values: readonly string[]): DigestCredentials | 'missing' | 'malformed' | 'realm-mismatch' {
    if (values.length === 0) return 'missing';
    const parsed = values.flatMap((v) => readCredentials(v) ?? []);
    if (parsed.length === 0) return 'malformed';
    return parsed.find((c) => c.realm === this.options.realm) ?? 'realm-mismatch';
  }

  private fail(reason: DigestFailureReason): DigestVerifyResult {
    return { ok: false, reason, challenge: this.challenge(reason === 'stale') };
  }
}

function readCredentials(value: string): DigestCredentials | undefined {
  try {
    return parseDigestCredentials(value);
  } catch (e) {
    if (e instanceof AuthParseError) return undefined;
    throw e;
  }
}
