import { DigestServer, type DigestSecretLookup, type ServerAlgorithm } from '../auth/index.js';
import type { IncomingRequest } from '../core/incoming-request.js';
import { ParseError } from '../message/index.js';
import { parseUri, uriEquals } from '../uri/index.js';
import type { Clock } from '../../lib/clock.js';
import type { Rng } from '../../lib/rng.js';

export interface DigestGuardOptions {
  /** Operators' secrets by username (the password, or HA1s). */
  lookup: DigestSecretLookup;
  /** The protection space phones show and hash with (RFC 3261 §22.1). Default 'holdless'. */
  realm?: string | undefined;
  /** HMAC key of the stateless nonces, 16+ bytes; the same on every node. Default: random per process. */
  nonceSecret?: string | Uint8Array | undefined;
  /** Challenge algorithms in order of preference. Default SHA-256 then MD5 (RFC 8760 §2.3). */
  algorithms?: readonly ServerAlgorithm[] | undefined;
  clock: Clock;
  rng: Rng;
}

/** Who sent a request, once their credentials checked out. */
export interface AuthenticatedUser {
  username: string;
  realm: string;
  algorithm: string;
}

/**
 * Digest authentication of requests from operators' phones (RFC 3261 §22.4): checks the Authorization header and,
 * when it does not prove the user, answers the request itself with 401 and fresh WWW-Authenticate challenges.
 *
 * 401/WWW-Authenticate rather than 407/Proxy-Authenticate for INVITE too: RFC 3261 §22.3 reserves 407 for proxies,
 * and §22.1 has a UAS (which holdless is: the call ends here) and a registrar challenge with 401. Phones answer
 * either; 401 keeps one header pair for REGISTER and INVITE.
 */
export class DigestGuard {
  readonly server: DigestServer;

  constructor(options: DigestGuardOptions) {
    this.server = new DigestServer({
      realm: options.realm ?? 'holdless',
      secret: options.nonceSecret ?? options.rng.hex(32),
      lookup: options.lookup,
      clock: options.clock,
      rng: options.rng,
      ...(options.algorithms ? { algorithms: options.algorithms } : {}),
      // RFC 2617 §3.2.2.5 wants the uri parameter to name the Request-URI; compare as URIs (§19.1.4), not as text,
      // so `sip:127.0.0.1:5060;transport=udp` matches however the phone spelled it.
      uriMatches: sameUri,
    });
  }

  get realm(): string {
    return this.server.realm;
  }

  /**
   * The user the request is authenticated as, or undefined after answering it: 401 with challenges (also for an
   * unknown user or a wrong password, so user names cannot be probed), 400 for credentials that cannot be read.
   * `toTag` goes on the answer of an INVITE outside a dialog (§8.2.6.2).
   */
  async authenticate(incoming: IncomingRequest, toTag?: string): Promise<AuthenticatedUser | undefined> {
    const req = incoming.request;
    const result = await this.server.verify(req.headers.getAll('authorization'), { method: req.method, uri: req.requestUriText });
    if (result.ok) return { username: result.username, realm: result.realm, algorithm: result.algorithm };
    if (incoming.answered) return undefined;
    const options = toTag === undefined ? {} : { toTag };
    if (incoming.cancelled) {
      // RFC 3261 §9.2: the caller cancelled the INVITE while we checked; it still needs its final response.
      incoming.respond(487, 'Request Terminated', [], options);
      return undefined;
    }
    if (result.reason === 'malformed' || result.reason === 'uri-mismatch') {
      incoming.respond(400, `Bad Request (credentials: ${result.reason})`, [], options);
      return undefined;
    }
    incoming.respond(
      401,
      'Unauthorized',
      result.challenge.map((c) => ['WWW-Authenticate', c] as [string, string]),
      options,
    );
    return undefined;
  }
}

function sameUri(credentialsUri: string, requestUri: string): boolean {
  if (credentialsUri === requestUri) return true;
  try {
    return uriEquals(parseUri(credentialsUri), parseUri(requestUri));
  } catch (e) {
    if (e instanceof ParseError) return false;
    throw e;
  }
}
