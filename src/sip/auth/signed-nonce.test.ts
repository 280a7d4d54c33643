import { describe, expect, it } from 'vitest';
import { NonceSigner } from './signed-nonce.js';

const SECRET = 'a secret of at least 16 bytes';
const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);

describe('NonceSigner (stateless nonces, RFC 7616 §3.3)', () => {
  const signer = new NonceSigner(SECRET, 'pbx.example.com', 300_000);

  it('a nonce it issued is valid, with its issue time, until the TTL passes, then expired', () => {
    const nonce = signer.issue(T0, '0011223344556677');
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signer.check(nonce, T0 + 300_000)).toStrictEqual({ status: 'valid', issuedAt: T0 });
    expect(signer.check(nonce, T0 + 300_001)).toStrictEqual({ status: 'expired', issuedAt: T0 });
  });

  it('another node with the same secret and realm accepts it; another secret or realm does not', () => {
    const nonce = signer.issue(T0, '00');
    expect(new NonceSigner(SECRET, 'pbx.example.com', 300_000).check(nonce, T0).status).toBe('valid');
    expect(new NonceSigner(`${SECRET}!`, 'pbx.example.com', 300_000).check(nonce, T0).status).toBe('invalid');
    expect(new NonceSigner(SECRET, 'other.example.com', 300_000).check(nonce, T0).status).toBe('invalid');
  });

  it('a forged or altered nonce is invalid', () => {
    const nonce = signer.issue(T0, 'ffffffffffffffff');
    const altered = `${nonce.slice(0, 5)}${nonce[5] === 'A' ? 'B' : 'A'}${nonce.slice(6)}`;
    expect(signer.check(altered, T0).status).toBe('invalid');
    expect(signer.check('dcd98b7102dd2f0e8b11d0f600bfb0c093', T0).status).toBe('invalid');
    expect(signer.check('', T0).status).toBe('invalid');
  });

  it('an issue time further in the future than the allowed skew is invalid', () => {
    expect(signer.check(signer.issue(T0 + 60_000, '00'), T0).status).toBe('invalid');
    expect(signer.check(signer.issue(T0 + 10_000, '00'), T0).status).toBe('valid');
  });

  it('refuses a short secret', () => {
    expect(() => new NonceSigner('short', 'r', 1)).toThrow(RangeError);
  });
});
