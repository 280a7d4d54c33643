import type { Clock } from '../../lib/clock.js';
import type { IncomingRequest } from '../core/incoming-request.js';
import { formatSipDate, NameAddr, ParseError, parseDeltaSeconds } from '../message/index.js';
import { contactKey } from './contact-key.js';
import type { Binding } from './location-service.js';
import { applyRegister, type ContactUpdate, type RegistrarPolicy } from './register-bindings.js';
import type { UserLocations } from './user-locations.js';

/** Checks a request's credentials; answers it (401, 400) and resolves undefined when they do not prove a user. */
export type Authenticate = (incoming: IncomingRequest) => Promise<{ username: string } | undefined>;

export const DEFAULT_REGISTRAR_POLICY: Readonly<RegistrarPolicy> = Object.freeze({
  defaultExpires: 3600,
  minExpires: 60,
  maxExpires: 7200,
  maxBindings: 5,
});

/**
 * The registrar (RFC 3261 §10.3): authenticates a REGISTER, checks the user may change the bindings of the address
 * of record, applies it to the location service, and answers 200 listing every current binding. Each binding keeps
 * the flow the REGISTER came on (transport, source address and port, TCP connection), so calls to a phone behind NAT
 * go where its REGISTER came from (RFC 3581 symmetric routing, as RFC 5626 §5 describes for flows).
 */
export class Registrar {
  readonly policy: RegistrarPolicy;

  constructor(
    private readonly locations: UserLocations,
    private readonly authenticate: Authenticate,
    private readonly clock: Clock,
    policy: Partial<RegistrarPolicy> = {},
  ) {
    this.policy = { ...DEFAULT_REGISTRAR_POLICY, ...policy };
  }

  /** Answers one REGISTER (never throws: every outcome is a response). */
  async handle(incoming: IncomingRequest): Promise<void> {
    const req = incoming.request;
    // §10.3 step 3: authenticate (we are the registrar: 401, §22.1).
    const user = await this.authenticate(incoming);
    if (!user) return;
    // §10.3 step 4: "the registrar ... determines if the authorized user is authorized to modify registrations for
    // this address-of-record". An operator registers for their own name only.
    const aor = req.to.uri;
    const aorUser = aor.kind === 'sip' ? aor.decodedUser : undefined;
    if (aorUser === undefined) {
      // §10.3 step 5: an AOR that is not valid for the domain → 404.
      incoming.respond(404, 'Not Found (the To URI names no user)');
      return;
    }
    if (aorUser !== user.username) {
      incoming.respond(403, 'Forbidden (credentials of another user)');
      return;
    }
    let contacts: ContactUpdate[];
    let expiresHeader: number | undefined;
    try {
      contacts = req.contacts.map((c) => contactUpdate(c));
      expiresHeader = req.expires;
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      incoming.respond(400, `Bad Request (${e.message})`.slice(0, 120));
      return;
    }
    const current = this.locations.lookup(user.username);
    const now = this.clock.now();
    const outcome = applyRegister(
      current,
      {
        contacts,
        wildcard: req.isContactWildcard,
        expiresHeader,
        callId: req.callId,
        cseq: req.cseq.seq,
        source: { ...incoming.source, connectionId: incoming.connectionId },
        aor: aor.toString(),
      },
      this.policy,
      now,
    );
    if (!outcome.ok) {
      // §10.3 step 7: 423 Interval Too Brief carries Min-Expires (§20.23).
      const headers: Array<[string, string]> = outcome.minExpires === undefined ? [] : [['Min-Expires', String(outcome.minExpires)]];
      incoming.respond(outcome.status, outcome.reason, headers);
      return;
    }
    // §10.3 step 8: the 200 lists every current binding with its remaining time, and carries a Date (§20.17).
    this.locations.update(user.username, outcome.bindings);
    incoming.respond(200, 'OK', [...outcome.bindings.map((b) => ['Contact', contactWithExpires(b, now)] as [string, string]), ['Date', formatSipDate(new Date(now))]]);
  }
}

function contactUpdate(c: NameAddr): ContactUpdate {
  const expires = c.param('expires');
  const q = c.param('q');
  // What we store and list back: the contact as the phone wrote it, without the per-request expires.
  const stored = c.withParam('expires', undefined);
  return {
    contact: stored.toString(),
    key: contactKey(c.uri),
    expires: expires === undefined || expires === null ? undefined : parseDeltaSeconds(expires, 'contact'),
    q: q === undefined || q === null ? undefined : Number(q),
  };
}

function contactWithExpires(b: Binding, now: number): string {
  const remaining = Math.max(0, Math.round((b.expiresAt - now) / 1000));
  return NameAddr.parse(b.contact, 'contact').withParam('expires', String(remaining)).toString();
}
