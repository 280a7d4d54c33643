/**
 * The ACD's typed errors. The API maps each to one HTTP status at the edge; nothing matches on message text.
 */
export class AcdError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A named thing (queue, operator, request, offer) does not exist. → 404 */
export class NotFoundError extends AcdError {
  constructor(
    readonly entity: 'queue' | 'operator' | 'request' | 'offer',
    readonly key: string,
  ) {
    super(`${entity} '${key}' not found`);
  }
}

/** The command does not fit the current state (cancel a completed request, accept someone else's offer). → 409 */
export class StateConflictError extends AcdError {
  constructor(
    message: string,
    readonly currentState?: string,
  ) {
    super(message);
  }
}

/** An input value is invalid; `field` names it. → 400 */
export class AcdValidationError extends AcdError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The caller may not do this (an operator acting on another operator's offer). → 403 */
export class ForbiddenError extends AcdError {}
