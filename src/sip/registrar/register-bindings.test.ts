import { describe, expect, it } from 'vitest';
import { InMemoryLocationService, type Binding } from './location-service.js';
import { applyRegister, type RegisterInput, type RegistrarPolicy } from './register-bindings.js';

const policy: RegistrarPolicy = { defaultExpires: 3600, minExpires: 60, maxExpires: 7200, maxBindings: 3 };
const src = { transport: 'udp', address: '127.0.0.1', port: 5062 };
const T = 1_000_000;

function reg(over: Partial<RegisterInput>): RegisterInput {
  return { contacts: [], wildcard: false, callId: 'c1', cseq: 1, source: src, ...over };
}
const contact = (n: number, expires?: number) => ({ contact: `<sip:alice@10.0.0.${n}:5060>`, key: `sip:alice@10.0.0.${n}:5060`, expires });

function ok(out: ReturnType<typeof applyRegister>): Binding[] {
  if (!out.ok) throw new Error(`expected ok, got ${out.status} ${out.reason}`);
  return out.bindings;
}

describe('registrar bindings (RFC 3261 §10.3)', () => {
  it('step 7: a contact without expiry gets the Expires header, or the registrar default', () => {
    expect(ok(applyRegister([], reg({ contacts: [contact(1)], expiresHeader: 300 }), policy, T))[0]!.expiresAt).toBe(T + 300_000);
    expect(ok(applyRegister([], reg({ contacts: [contact(1)] }), policy, T))[0]!.expiresAt).toBe(T + 3_600_000);
  });

  it('step 7: the Contact expires parameter wins over the Expires header', () => {
    const b = ok(applyRegister([], reg({ contacts: [contact(1, 120)], expiresHeader: 300 }), policy, T));
    expect(b[0]!.expiresAt).toBe(T + 120_000);
  });

  it('step 7: an expiry below the minimum is refused with 423 Interval Too Brief and Min-Expires', () => {
    expect(applyRegister([], reg({ contacts: [contact(1, 30)] }), policy, T)).toEqual({ ok: false, status: 423, reason: 'Interval Too Brief', minExpires: 60 });
  });

  it('step 7: the registrar shortens an expiry above its maximum', () => {
    expect(ok(applyRegister([], reg({ contacts: [contact(1, 86_400)] }), policy, T))[0]!.expiresAt).toBe(T + 7_200_000);
  });

  it('step 7: several contacts are bound at once and a refresh updates instead of duplicating', () => {
    const first = ok(applyRegister([], reg({ contacts: [contact(1), contact(2)] }), policy, T));
    expect(first).toHaveLength(2);
    const again = ok(applyRegister(first, reg({ contacts: [contact(1, 600)], cseq: 2 }), policy, T + 1000));
    expect(again).toHaveLength(2);
    expect(again.find((b) => b.key === contact(1).key)!.expiresAt).toBe(T + 1000 + 600_000);
  });

  it('step 7: expires 0 removes that binding (un-register)', () => {
    const first = ok(applyRegister([], reg({ contacts: [contact(1), contact(2)] }), policy, T));
    const after = ok(applyRegister(first, reg({ contacts: [contact(2, 0)], cseq: 2 }), policy, T));
    expect(after.map((b) => b.key)).toEqual([contact(1).key]);
  });

  it('step 6: Contact * with Expires: 0 removes every binding; with another expiry or other contacts it is a 400', () => {
    const first = ok(applyRegister([], reg({ contacts: [contact(1), contact(2)] }), policy, T));
    expect(ok(applyRegister(first, reg({ wildcard: true, expiresHeader: 0, cseq: 2 }), policy, T))).toEqual([]);
    expect(applyRegister(first, reg({ wildcard: true, expiresHeader: 60, cseq: 3 }), policy, T)).toMatchObject({ ok: false, status: 400 });
    expect(applyRegister(first, reg({ wildcard: true, expiresHeader: 0, contacts: [contact(3)], cseq: 3 }), policy, T)).toMatchObject({ ok: false, status: 400 });
  });

  it('step 7: the same Call-ID with a CSeq not higher than stored leaves the bindings unchanged and fails', () => {
    const first = ok(applyRegister([], reg({ contacts: [contact(1)], cseq: 5 }), policy, T));
    expect(applyRegister(first, reg({ contacts: [contact(1, 0)], cseq: 5 }), policy, T)).toMatchObject({ ok: false, status: 500 });
  });

  it('refuses more contacts per AOR than the policy allows', () => {
    expect(applyRegister([], reg({ contacts: [contact(1), contact(2), contact(3), contact(4)] }), policy, T)).toMatchObject({ ok: false, status: 403 });
  });

  it('the location service forgets expired bindings and orders by q', () => {
    const loc = new InMemoryLocationService();
    const b = ok(applyRegister([], reg({ contacts: [{ ...contact(1, 60), q: 0.5 }, { ...contact(2, 120), q: 0.9 }] }), policy, T));
    loc.store('sip:alice@example.com', b);
    expect(loc.lookup('sip:alice@example.com', T).map((x) => x.q)).toEqual([0.9, 0.5]);
    expect(loc.lookup('sip:alice@example.com', T + 61_000)).toHaveLength(1);
    expect(loc.addressesOfRecord(T + 121_000)).toEqual([]);
  });
});
