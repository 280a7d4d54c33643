import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../lib/clock.js';
import type { Rng } from '../../lib/rng.js';
import type { Principal } from './principal.js';

/**
 * Stateless signed tokens: `hl1.<base64url(JSON payload)>.<base64url(HMAC-SHA256(secret, "hl1." + payload))>`.
 * The payload is `{role, sub, exp, jti}` with `exp` in seconds since the epoch (as JWT's). Nothing is stored, so a
 * token cannot be revoked before it expires: keep lifetimes short, rotate `tokenSecret` to revoke all.
 */
export const TOKEN_PREFIX = 'hl1';
export const MIN_SECRET_LENGTH = 16;

const Payload = z.strictObject({
  role: z.enum(['supervisor', 'operator']),
  sub: z.string().min(1).max(128),
  exp: z.int().positive(),
  jti: z.string().min(1).max(64),
});
type Payload = z.output<typeof Payload>;

export type IssuableRole = Payload['role'];

export type TokenCheck = { ok: true; principal: Principal } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

export interface IssuedToken {
  token: string;
  principal: Principal;
  expiresAt: number;
}

export class TokenService {
  constructor(
    private readonly secret: string,
    private readonly clock: Clock,
    private readonly rng: Rng,
  ) {
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new Error(`tokenSecret must be at least ${MIN_SECRET_LENGTH} characters`);
    }
  }

  /** `subject` is the operator's username, or a supervisor token's label; without one, the token id is the subject. */
  issue(role: IssuableRole, subject: string | undefined, ttlSeconds: number): IssuedToken {
    const exp = Math.floor(this.clock.now() / 1000) + ttlSeconds;
    const jti = this.rng.hex(8);
    const payload: Payload = { role, sub: subject ?? jti, exp, jti };
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    const token = `${TOKEN_PREFIX}.${body}.${this.sign(body)}`;
    return { token, principal: toPrincipal(payload), expiresAt: exp * 1000 };
  }

  verify(token: string): TokenCheck {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== TOKEN_PREFIX) return { ok: false, reason: 'malformed' };
    const [, body = '', signature = ''] = parts;
    const expected = Buffer.from(this.sign(body), 'base64url');
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    const payload = Payload.safeParse(decoded);
    if (!payload.success) return { ok: false, reason: 'malformed' };
    if (payload.data.exp * 1000 <= this.clock.now()) return { ok: false, reason: 'expired' };
    return { ok: true, principal: toPrincipal(payload.data) };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(`${TOKEN_PREFIX}.${body}`).digest('base64url');
  }
}

function toPrincipal(payload: Payload): Principal {
  return {
    role: payload.role,
    subject: payload.sub,
    operator: payload.role === 'operator' ? payload.sub : undefined,
    tokenId: payload.jti,
    expiresAt: payload.exp * 1000,
  };
}
