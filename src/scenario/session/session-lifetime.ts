/**
 * How long a session may live, VOXENGINE.md "Sessions": configurable, Voximplant's values as defaults.
 */
export interface SessionLifetime {
  /** An inbound call not answered within this is dropped (ms). */
  unansweredCallMs: number;
  /** A session with no calls and no pending ACD request ends this long after its last call ended (ms). */
  idleMs: number;
  /** A session with no calls but a pending ACD request lives at most this long (ms): the caller keeps their place. */
  pendingRequestMs: number;
}

export const DEFAULT_LIFETIME: Readonly<SessionLifetime> = Object.freeze({
  unansweredCallMs: 60_000,
  idleMs: 60_000,
  pendingRequestMs: 120 * 60_000,
});

/** What the session knows of its resources when it decides whether to keep living. */
export interface SessionResources {
  liveCalls: number;
  pendingRequests: number;
}

/**
 * The deadline the session must end by, given its resources; null while a call is live (calls keep a session alive).
 * `since` is when the session last had a live call (or started).
 */
export function sessionDeadline(r: SessionResources, since: number, lifetime: SessionLifetime): number | null {
  if (r.liveCalls > 0) return null;
  if (r.pendingRequests > 0) return since + lifetime.pendingRequestMs;
  return since + lifetime.idleMs;
}
