import type { DigestClient } from './digest-client.js';
import type { DigestRequest } from './digest-request.js';

/**
 * One request's way through challenges (RFC 3261 §22.2-22.3), per realm:
 *
 *              challenge                     challenge, stale=true
 *   (none) ───────────────► answered ────────────────────────────► retried
 *                               │ challenge, not stale                 │ any challenge
 *                               ▼                                      ▼
 *                           rejected ◄─────────────────────────────────┘
 *
 * A challenge after our answer means the credentials were refused. If the server says the nonce was merely stale
 * (RFC 2617 §3.2.1: "the client may wish to simply retry the request with a new encrypted response, without
 * reprompting the user for a new username and password"), we retry once with the new nonce; otherwise, or a second time, the credentials are wrong
 * and RFC 3261 §22.2 forbids retrying them ("SHOULD NOT re-attempt requests with the credentials that have just been
 * rejected"). Challenges of other realms (a proxy's 407 after a registrar's 401) are answered independently.
 */
export type DigestAttemptResult =
  | { ok: true; authorization: string; realm: string }
  | { ok: false; reason: DigestAttemptFailureReason; detail: string };

/**
 * - `no-challenge`: the 401/407 carried no challenge header.
 * - `malformed`: no challenge could be read.
 * - `unsupported`: no challenge with an algorithm and qop we implement (MD5, SHA-256, SHA-512-256, -sess; auth,
 *   auth-int, or none), or none for our configured realm.
 * - `rejected`: our credentials were refused: wrong username or password.
 */
export type DigestAttemptFailureReason = 'no-challenge' | 'malformed' | 'unsupported' | 'rejected';

type RealmState = 'answered' | 'retried' | 'rejected';

export class DigestAttempt {
  private readonly realms = new Map<string, RealmState>();

  constructor(
    private readonly client: DigestClient,
    private readonly request: DigestRequest,
  ) {}

  /** The credentials to send with the first try, if a nonce of an earlier request can be reused. */
  preemptive(realm?: string): string | undefined {
    return this.client.preemptive(this.request, realm);
  }

  /** Answers the challenge headers of a 401 or 407 to this request. */
  onChallenge(values: readonly string[]): DigestAttemptResult {
    const choice = this.client.choose(values);
    if (!choice.ok) return choice;
    const { challenge } = choice.chosen;
    const state = this.realms.get(challenge.realm);
    if (state === 'retried' || state === 'rejected' || (state === 'answered' && challenge.stale !== true)) {
      this.realms.set(challenge.realm, 'rejected');
      this.client.forget(challenge.realm);
      return { ok: false, reason: 'rejected', detail: `credentials for realm '${challenge.realm}' were refused` };
    }
    this.realms.set(challenge.realm, state === 'answered' ? 'retried' : 'answered');
    return { ok: true, authorization: this.client.answer(choice.chosen, this.request), realm: challenge.realm };
  }

  /** Where the attempt stands in a realm: undefined before any challenge of it. */
  stateOf(realm: string): RealmState | undefined {
    return this.realms.get(realm);
  }
}
