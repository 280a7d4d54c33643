import type { Rng } from '../../lib/rng.js';
import { AuthParseError } from './auth-errors.js';
import { algorithmRank, type DigestAlgorithm, digestAlgorithm } from './digest-algorithm.js';
import { DigestAttempt } from './digest-attempt.js';
import { type DigestChallenge, parseDigestChallenge } from './digest-challenge.js';
import { type DigestCredentials, serializeDigestCredentials } from './digest-credentials.js';
import type { DigestRequest } from './digest-request.js';
import { computeDigestResponse, computeHa1 } from './digest-response.js';

export interface DigestClientOptions {
  username: string;
  password: string;
  /** cnonces come from here (RFC 7616 §3.4: chosen by the client, unpredictable). */
  rng: Rng;
  /** Answer only challenges of this realm; default: any realm (a trunk usually has one). */
  realm?: string;
}

/** A challenge we can answer, with the choices made for it. */
export interface ChosenChallenge {
  challenge: DigestChallenge;
  algorithm: DigestAlgorithm;
  qop: 'auth' | 'auth-int' | undefined;
}

export type ChallengeChoice =
  | { ok: true; chosen: ChosenChallenge }
  | { ok: false; reason: 'no-challenge' | 'malformed' | 'unsupported'; detail: string };

interface NonceState extends ChosenChallenge {
  nc: number;
}

/**
 * The UAC side of SIP Digest authentication (RFC 3261 §22.2-22.3), for trunks that challenge us: one set of
 * credentials, answering `WWW-Authenticate` (401) and `Proxy-Authenticate` (407) alike; the SIP layer puts the value in
 * `Authorization` or `Proxy-Authorization` to match. Per request, use `begin()`: the returned `DigestAttempt` follows
 * the retry rules. Counts requests per nonce (`nc`) so the nonce can be reused for later requests (`preemptive`).
 */
export class DigestClient {
  private readonly nonces = new Map<string, NonceState>();

  constructor(private readonly options: DigestClientOptions) {}

  /** Starts authenticating one request. */
  begin(request: DigestRequest): DigestAttempt {
    return new DigestAttempt(this, request);
  }

  /**
   * Credentials for a request not yet challenged, reusing the nonce last answered in `realm` with the next nonce
   * count (RFC 7616 §3.4: nc counts the requests a client sends with one nonce). Undefined when no nonce is known. A server that no longer accepts it answers 401 with a fresh nonce as usual.
   */
  preemptive(request: DigestRequest, realm = this.options.realm): string | undefined {
    const state = realm === undefined ? [...this.nonces.values()][0] : this.nonces.get(realm);
    return state && this.authorize(state, request);
  }

  /**
   * Picks the challenge to answer among the values of a 401/407: readable Digest ones of our realm, with an algorithm
   * and qop we implement, the strongest hash first (`algorithmRank`: a local policy over RFC 8760 §2.4's topmost
   * header, against reordering downgrades), ties in header order.
   */
  choose(values: readonly string[]): ChallengeChoice {
    if (values.length === 0) return { ok: false, reason: 'no-challenge', detail: 'no WWW-Authenticate header' };
    const challenges = values.flatMap((v) => readChallenge(v) ?? []);
    if (challenges.length === 0) return { ok: false, reason: 'malformed', detail: 'no readable Digest challenge' };
    const candidates = challenges
      .filter((c) => this.options.realm === undefined || c.realm === this.options.realm)
      .flatMap((c) => usable(c) ?? [])
      .sort((a, b) => algorithmRank(a.algorithm) - algorithmRank(b.algorithm));
    const best = candidates[0];
    if (!best) return { ok: false, reason: 'unsupported', detail: 'no challenge with an algorithm and qop we support' };
    return { ok: true, chosen: best };
  }

  /** Answers a chosen challenge: continues the nonce count if the nonce is the one we know, else starts at 1. */
  answer(chosen: ChosenChallenge, request: DigestRequest): string {
    const realm = chosen.challenge.realm;
    const known = this.nonces.get(realm);
    const state: NonceState = known?.challenge.nonce === chosen.challenge.nonce ? known : { ...chosen, nc: 0 };
    this.nonces.set(realm, state);
    return this.authorize(state, request);
  }

  /** Drops what we know of a realm's nonce (after our credentials were rejected there). */
  forget(realm: string): void {
    this.nonces.delete(realm);
  }

  private authorize(state: NonceState, request: DigestRequest): string {
    const { challenge, algorithm, qop } = state;
    state.nc += 1;
    const nc = state.nc.toString(16).padStart(8, '0');
    const cnonce = qop === undefined ? undefined : this.options.rng.hex(8);
    const ha1 = computeHa1(algorithm.hash, this.options.username, challenge.realm, this.options.password);
    const response = computeDigestResponse({
      algorithm,
      ha1,
      nonce: challenge.nonce,
      method: request.method,
      uri: request.uri,
      ...(qop === undefined ? {} : { qop, nc, cnonce: cnonce! }),
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    const credentials: DigestCredentials = {
      username: this.options.username,
      realm: challenge.realm,
      nonce: challenge.nonce,
      uri: request.uri,
      response,
      extensions: [],
    };
    // RFC 7616 §3.4: algorithm and opaque are echoed as the server sent them.
    if (challenge.algorithm !== undefined) credentials.algorithm = challenge.algorithm;
    if (qop !== undefined) Object.assign(credentials, { qop, nc, cnonce });
    if (challenge.opaque !== undefined) credentials.opaque = challenge.opaque;
    return serializeDigestCredentials(credentials);
  }
}

/**
 * The algorithm and qop we would use for a challenge, or undefined if we cannot answer it. qop: `auth` when offered,
 * else `auth-int`; no qop list means the RFC 2069 form, which has no cnonce and so cannot serve the -sess algorithms.
 */
function usable(challenge: DigestChallenge): ChosenChallenge | undefined {
  const algorithm = digestAlgorithm(challenge.algorithm);
  if (!algorithm) return undefined;
  if (challenge.qop === undefined) return algorithm.session ? undefined : { challenge, algorithm, qop: undefined };
  const offered = challenge.qop.map((q) => q.toLowerCase());
  if (offered.includes('auth')) return { challenge, algorithm, qop: 'auth' };
  if (offered.includes('auth-int')) return { challenge, algorithm, qop: 'auth-int' };
  return undefined;
}

function readChallenge(value: string): DigestChallenge | undefined {
  try {
    return parseDigestChallenge(value);
  } catch (e) {
    if (e instanceof AuthParseError) return undefined;
    throw e;
  }
}
