import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Stateless server nonces (RFC 7616 §3.3 suggests `time-stamp H(time-stamp ":" ETag ":" secret-data)`): every node
 * that knows the secret can check a nonce any node issued, without storing it.
 *
 *    0               8               16                              32 bytes
 *   +---------------+---------------+-------------------------------+
 *   | issued at, ms | random        | HMAC-SHA-256(secret, realm,   |
 *   | big-endian    | (injected Rng)|   bytes 0-15), first 16 bytes |
 *   +---------------+---------------+-------------------------------+
 *
 * written as 43 characters of base64url (no quote or backslash to escape). The realm is inside the MAC so that a
 * nonce issued for one realm is worthless in another.
 */
export type NonceCheck =
  | { status: 'valid'; issuedAt: number }
  | { status: 'expired'; issuedAt: number }
  | { status: 'invalid' };

const PAYLOAD_BYTES = 16;
const MAC_BYTES = 16;

export class NonceSigner {
  private readonly key: Buffer;

  /**
   * `secret`: at least 16 bytes (shared by every node of a cluster); `ttlMs`: how long a nonce is good for;
   * `maxSkewMs`: how far in the future an issue time may be (clocks of different nodes differ a little).
   */
  constructor(
    secret: string | Uint8Array,
    private readonly realm: string,
    private readonly ttlMs: number,
    private readonly maxSkewMs = 30_000,
  ) {
    this.key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
    if (this.key.length < 16) throw new RangeError('the nonce secret must be at least 16 bytes');
  }

  /** A new nonce issued at `now`, with 8 random bytes given as 16 hex digits. */
  issue(now: number, randomHex: string): string {
    const payload = Buffer.alloc(PAYLOAD_BYTES);
    payload.writeBigUInt64BE(BigInt(Math.max(0, Math.floor(now))), 0);
    Buffer.from(randomHex.padStart(16, '0').slice(-16), 'hex').copy(payload, 8);
    return Buffer.concat([payload, this.mac(payload)]).toString('base64url');
  }

  /** Whether `nonce` was issued by a holder of the secret for this realm, and whether it is still fresh at `now`. */
  check(nonce: string, now: number): NonceCheck {
    if (!/^[A-Za-z0-9_-]{43}$/.test(nonce)) return { status: 'invalid' };
    const bytes = Buffer.from(nonce, 'base64url');
    if (bytes.length !== PAYLOAD_BYTES + MAC_BYTES) return { status: 'invalid' };
    const payload = bytes.subarray(0, PAYLOAD_BYTES);
    if (!timingSafeEqual(bytes.subarray(PAYLOAD_BYTES), this.mac(payload))) return { status: 'invalid' };
    const issuedAt = Number(payload.readBigUInt64BE(0));
    if (issuedAt > now + this.maxSkewMs) return { status: 'invalid' };
    return now - issuedAt > this.ttlMs ? { status: 'expired', issuedAt } : { status: 'valid', issuedAt };
  }

  private mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.key)
      .update(`holdless-digest-nonce:${this.realm}:`, 'utf8')
      .update(payload)
      .digest()
      .subarray(0, MAC_BYTES);
  }
}
