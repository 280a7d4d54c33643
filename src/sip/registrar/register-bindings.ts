import type { Binding } from './location-service.js';

/** One Contact of a REGISTER, as the registrar needs it (RFC 3261 §10.2.1). */
export interface ContactUpdate {
  contact: string;
  key: string;
  /** The Contact's `expires` parameter, if present. */
  expires?: number | undefined;
  q?: number | undefined;
}

export interface RegisterInput {
  contacts: ContactUpdate[];
  /** `Contact: *` (remove all bindings, §10.2.2); valid only with `Expires: 0` and no other contact. */
  wildcard: boolean;
  /** The Expires header, if present. */
  expiresHeader?: number | undefined;
  callId: string;
  cseq: number;
  source: Binding['source'];
  /** The To URI of the REGISTER, kept with each binding it creates. */
  aor?: string | undefined;
}

export interface RegistrarPolicy {
  /** Expiry when the client asks for none (§10.3 step 7: "a locally-configured default"). Seconds. */
  defaultExpires: number;
  /** Shorter requests are refused with 423 Interval Too Brief and Min-Expires (§10.3 step 7). */
  minExpires: number;
  /** Longer requests are shortened to this (§10.3 step 7: the registrar MAY shorten). */
  maxExpires: number;
  /** Contacts per AOR at most; more are refused with 403 (a bounded table, against abuse). */
  maxBindings: number;
}

export type RegisterOutcome =
  | { ok: true; bindings: Binding[] }
  | { ok: false; status: 400 | 403 | 423 | 500; reason: string; minExpires?: number };

/**
 * Applies a REGISTER to the current bindings of an address of record, following RFC 3261 §10.3 steps 6–8. Pure: the
 * caller looks the bindings up and stores the result. Returns the bindings to store (and to list in the 200 OK).
 */
export function applyRegister(current: readonly Binding[], input: RegisterInput, policy: RegistrarPolicy, now: number): RegisterOutcome {
  if (input.wildcard) {
    // §10.3 step 6: "*" with anything but Expires: 0, or together with other contacts, is a 400.
    if (input.contacts.length > 0 || input.expiresHeader !== 0) {
      return { ok: false, status: 400, reason: 'Contact "*" needs Expires: 0 and no other contact' };
    }
    for (const b of current) {
      // §10.3 step 6: a wildcard from the same Call-ID with a CSeq not higher than stored is out of order.
      if (b.callId === input.callId && input.cseq <= b.cseq) return { ok: false, status: 500, reason: 'out-of-order request' };
    }
    return { ok: true, bindings: [] };
  }
  const next = new Map(current.map((b) => [b.key, { ...b }]));
  for (const c of input.contacts) {
    const requested = c.expires ?? input.expiresHeader ?? policy.defaultExpires;
    if (!Number.isFinite(requested) || requested < 0) return { ok: false, status: 400, reason: `bad expires value for ${c.contact}` };
    // §10.3 step 7: a nonzero expiry below the minimum is refused with 423 and Min-Expires.
    if (requested > 0 && requested < policy.minExpires) {
      return { ok: false, status: 423, reason: 'Interval Too Brief', minExpires: policy.minExpires };
    }
    const existing = next.get(c.key);
    if (existing && existing.callId === input.callId && input.cseq <= existing.cseq) {
      // §10.3 step 7: same Call-ID, CSeq not higher: "the registrar MUST remain unchanged" and fail the request.
      return { ok: false, status: 500, reason: 'out-of-order request' };
    }
    if (requested === 0) {
      next.delete(c.key);
      continue;
    }
    const expires = Math.min(requested, policy.maxExpires);
    next.set(c.key, {
      contact: c.contact,
      key: c.key,
      expiresAt: now + expires * 1000,
      q: c.q ?? 1,
      callId: input.callId,
      cseq: input.cseq,
      source: input.source,
      updatedAt: now,
      aor: input.aor,
    });
  }
  const bindings = [...next.values()].filter((b) => b.expiresAt > now);
  if (bindings.length > policy.maxBindings) {
    return { ok: false, status: 403, reason: `at most ${policy.maxBindings} contacts per address of record` };
  }
  return { ok: true, bindings };
}
