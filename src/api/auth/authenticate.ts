import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { forbiddenProblem, unauthorizedProblem } from '../problem-details.js';
import type { Principal, Role } from './principal.js';
import type { TokenService } from './tokens.js';

export interface Authenticator {
  /** The caller, or a 401 problem. `allowQueryToken` also reads `?access_token=` (for EventSource, which cannot set headers). */
  authenticate(req: FastifyRequest, allowQueryToken: boolean): Principal;
  /** The bearer of `token` (the admin token or a signed token) however it arrived, or a 401 problem. */
  verifyToken(token: string): Principal;
}

export function createAuthenticator(adminToken: string, tokens: TokenService): Authenticator {
  // Compare digests, not the strings: equal length always, so neither content nor length leaks through timing.
  const adminDigest = adminToken === '' ? undefined : sha256(adminToken);
  const verifyToken = (token: string): Principal => {
    if (adminDigest && timingSafeEqual(sha256(token), adminDigest)) return { role: 'admin', subject: 'admin' };
    const check = tokens.verify(token);
    if (check.ok) return check.principal;
    throw unauthorizedProblem(check.reason === 'expired' ? 'The token has expired.' : 'The token is invalid.', true);
  };
  return {
    authenticate(req, allowQueryToken) {
      const token = bearerToken(req) ?? (allowQueryToken ? queryToken(req) : undefined);
      if (token === undefined) throw unauthorizedProblem('A bearer token is required.');
      return verifyToken(token);
    },
    verifyToken,
  };
}

export function authorize(principal: Principal, roles: readonly Role[]): void {
  if (!roles.includes(principal.role)) {
    throw forbiddenProblem(`This action needs one of the roles: ${roles.join(', ')}.`);
  }
}

function bearerToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  if (!match?.[1]) throw unauthorizedProblem('The Authorization header must be "Bearer <token>".', true);
  return match[1];
}

function queryToken(req: FastifyRequest): string | undefined {
  const query = req.query as Record<string, unknown> | undefined;
  const value = query?.['access_token'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
