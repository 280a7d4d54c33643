/**
 * The location service (RFC 3261 §10.3): which contacts an address of record can be reached at, until when. Behind
 * an interface so a shared store can back it when several nodes serve the same operators.
 */
export interface Binding {
  /** The Contact URI as registered (serialized form; compared per RFC 3261 §19.1.4 by the caller's key). */
  contact: string;
  /** Comparison key of the contact URI (normalized), so re-registrations update instead of duplicating. */
  key: string;
  /** Absolute expiry time, ms. */
  expiresAt: number;
  /** Preference 0..1 (the Contact `q` parameter); higher first. */
  q: number;
  callId: string;
  cseq: number;
  /** Where the REGISTER came from (transport, address, port): the flow to reach a contact behind NAT. */
  source: { transport: string; address: string; port: number; connectionId?: string | undefined };
  /** When the binding was last refreshed. */
  updatedAt: number;
  /** The address of record as the REGISTER's To named it (e.g. `sip:alice@pbx.example.com`), for calls to it. */
  aor?: string | undefined;
}

export interface LocationService {
  /** Current bindings of an AOR, unexpired at `now`, highest q first. */
  lookup(aor: string, now: number): Binding[];
  /** Replaces the AOR's bindings with `bindings` (already merged by the registrar logic). */
  store(aor: string, bindings: Binding[]): void;
  /** Every AOR with at least one unexpired binding (for keep-alives and dashboards). */
  addressesOfRecord(now: number): string[];
}

/** An in-process location service for one node. Expired bindings are dropped lazily on access. */
export class InMemoryLocationService implements LocationService {
  private readonly byAor = new Map<string, Binding[]>();

  lookup(aor: string, now: number): Binding[] {
    const all = this.byAor.get(aor) ?? [];
    const live = all.filter((b) => b.expiresAt > now);
    if (live.length !== all.length) this.store(aor, live);
    return [...live].sort((a, b) => b.q - a.q || b.updatedAt - a.updatedAt);
  }

  store(aor: string, bindings: Binding[]): void {
    if (bindings.length === 0) this.byAor.delete(aor);
    else this.byAor.set(aor, bindings.map((b) => ({ ...b })));
  }

  addressesOfRecord(now: number): string[] {
    return [...this.byAor.keys()].filter((aor) => this.lookup(aor, now).length > 0);
  }
}
