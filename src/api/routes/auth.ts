import { ADMIN_ONLY, ANY_ROLE, type Principal } from '../auth/principal.js';
import type { IssuedToken } from '../auth/tokens.js';
import { unauthorizedProblem } from '../problem-details.js';
import type { RouteDeps } from '../route-deps.js';
import { API_PREFIX, defineRoute, ok, principalOf, type AnyRoute, type RouteResult } from '../route-spec.js';
import {
  DEFAULT_TOKEN_TTL_SECONDS,
  IssueTokenBodySchema,
  LoginBodySchema,
  PrincipalSchema,
  TokenSchema,
} from '../schemas/auth.js';
import { iso } from '../time.js';

const tag = 'auth';

export function authRoutes(d: RouteDeps): AnyRoute[] {
  const tokenAnswer = (issued: IssuedToken, status: number): RouteResult => ({
    status,
    // Tokens are credentials: never cached by intermediaries (RFC 6749 §5.1 asks the same of token responses).
    headers: { 'cache-control': 'no-store' },
    body: {
      token: issued.token,
      tokenType: 'Bearer',
      role: issued.principal.role,
      subject: issued.principal.subject,
      operator: issued.principal.operator,
      expiresAt: iso(issued.expiresAt),
      expiresIn: Math.round((issued.expiresAt - d.clock.now()) / 1000),
    },
  });

  return [
    defineRoute({
      method: 'POST',
      path: `${API_PREFIX}/tokens`,
      operationId: 'issueToken',
      summary: 'Issue a supervisor or operator token',
      description: 'Admin only. Tokens are signed, not stored: they cannot be revoked before they expire.',
      tag,
      access: ADMIN_ONLY,
      body: IssueTokenBodySchema,
      responses: [{ status: 201, description: 'The token.', schema: TokenSchema }],
      handle: ({ body }) => {
        // An operator token for nobody would be useless: the operator must exist (404 otherwise).
        if (body.operator !== undefined) d.acd.getOperator(body.operator);
        const subject = body.role === 'operator' ? body.operator : body.label;
        return tokenAnswer(d.tokens.issue(body.role, subject, body.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS), 201);
      },
    }),
    defineRoute({
      method: 'POST',
      path: `${API_PREFIX}/auth/login`,
      operationId: 'login',
      summary: 'Log in as an operator',
      description: 'Exchanges the operator\'s configured password for an operator token (8 hours).',
      tag,
      access: 'public',
      body: LoginBodySchema,
      responses: [{ status: 200, description: 'The operator token.', schema: TokenSchema }],
      problems: [401, 429],
      handle: ({ body }) => {
        d.loginGuard.check(body.username);
        // One answer for unknown user and wrong password: the API does not confirm which usernames exist.
        if (!d.verifyOperatorPassword(body.username, body.password)) {
          d.loginGuard.failed(body.username);
          throw unauthorizedProblem('Unknown username or wrong password.');
        }
        return tokenAnswer(d.tokens.issue('operator', body.username, DEFAULT_TOKEN_TTL_SECONDS), 200);
      },
    }),
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/auth/me`,
      operationId: 'whoAmI',
      summary: 'The caller, as the API sees it',
      tag,
      access: ANY_ROLE,
      responses: [{ status: 200, description: 'The principal.', schema: PrincipalSchema }],
      handle: (ctx) => ok(principalOut(principalOf(ctx))),
    }),
  ];
}

function principalOut(p: Principal) {
  return {
    role: p.role,
    subject: p.subject,
    operator: p.operator,
    expiresAt: p.expiresAt === undefined ? undefined : iso(p.expiresAt),
  };
}
