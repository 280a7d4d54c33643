import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, fingerprint, readIdempotencyKey } from './idempotency.js';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives the same fingerprint whatever the key order (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(fingerprint(reversed)).toBe(fingerprint(obj));
        expect(JSON.parse(canonicalJson(obj))).toEqual(JSON.parse(JSON.stringify(obj)));
      }),
    );
  });

  it('tells different bodies apart', () => {
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: '1' }));
    expect(fingerprint(undefined)).toBe(fingerprint(null));
  });
});

describe('readIdempotencyKey', () => {
  it('reads a printable key and refuses spaces, control characters and long keys', () => {
    expect(readIdempotencyKey({})).toBeUndefined();
    expect(readIdempotencyKey({ 'idempotency-key': '8e03978e-40d5-43e8-bc93-6894a57f9324' })).toBe(
      '8e03978e-40d5-43e8-bc93-6894a57f9324',
    );
    for (const bad of ['', 'a b', 'x'.repeat(256), 'tab\there']) {
      expect(() => readIdempotencyKey({ 'idempotency-key': bad })).toThrow();
    }
  });
});
