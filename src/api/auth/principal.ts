/** Who is calling. Admin: the configured API token. Supervisor and operator: signed tokens (tokens.ts). */
export type Role = 'admin' | 'supervisor' | 'operator';
export const ROLES: readonly Role[] = ['admin', 'supervisor', 'operator'];

export interface Principal {
  role: Role;
  /** The operator's username for operator tokens; a label or the token id for supervisors; `admin` for the admin. */
  subject: string;
  /** Set for operator tokens: the operator this token acts as. */
  operator?: string | undefined;
  /** Identifier of the signed token (absent for the admin token). */
  tokenId?: string | undefined;
  /** Expiry in ms since the epoch (absent for the admin token). */
  expiresAt?: number | undefined;
}

/**
 * The key that rate limits and idempotency keys are scoped to: two clients' keys never collide, and a client keeps
 * its identity across the tokens it is issued (operators by username, labelled supervisors by label).
 */
export function clientIdOf(principal: Principal): string {
  return `${principal.role}:${principal.subject}`;
}

/** Which roles may call a route. */
export const ANY_ROLE: readonly Role[] = ROLES;
export const MANAGERS: readonly Role[] = ['admin', 'supervisor'];
export const ADMIN_ONLY: readonly Role[] = ['admin'];
