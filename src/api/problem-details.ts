/**
 * RFC 9457 problem details: the one error shape of the HTTP API. Everything that goes wrong leaves the API as an
 * {@link HttpProblem}, built either by a route (auth, rate limits, rejected requests) or by error-mapping.ts from a
 * typed ACD error.
 */

/** Problem `type` URIs are identifiers (RFC 9457 §3.1.1); docs/api.md lists each. */
export const PROBLEM_TYPE_BASE = 'https://holdless.dev/problems/';

export type ProblemSlug =
  | 'validation'
  | 'malformed-json'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'state-conflict'
  | 'queue-full'
  | 'queue-offline'
  | 'request-rejected'
  | 'phone-not-allowed'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'rate-limited'
  | 'scenarios-disabled'
  | 'bad-request'
  | 'internal';

export interface FieldError {
  /** JSON path of the invalid input, e.g. `settings.ringTimeout`, `queues[0].skill`, `phone`, or a query name. */
  field: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string | undefined;
  instance?: string | undefined;
  errors?: FieldError[] | undefined;
  /** Extension members (RFC 9457 §3.2): e.g. `requestId`, `retryAfterSeconds`, `traceId`. */
  [extension: string]: unknown;
}

export interface HttpProblemInit {
  status: number;
  slug: ProblemSlug;
  title: string;
  detail?: string | undefined;
  errors?: FieldError[] | undefined;
  /** Extra members of the problem body. */
  extensions?: Record<string, unknown> | undefined;
  /** Response headers that belong to the problem (`WWW-Authenticate`, `Retry-After`). */
  headers?: Record<string, string> | undefined;
  cause?: unknown;
}

/** An error that already knows its HTTP answer. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly slug: ProblemSlug;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(init: HttpProblemInit) {
    super(init.detail ?? init.title, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'HttpProblem';
    this.status = init.status;
    this.slug = init.slug;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors;
    this.extensions = init.extensions ?? {};
    this.headers = init.headers ?? {};
  }

  toBody(instance: string | undefined): ProblemDetails {
    return {
      ...this.extensions,
      type: PROBLEM_TYPE_BASE + this.slug,
      title: this.title,
      status: this.status,
      ...(this.detail === undefined ? {} : { detail: this.detail }),
      ...(instance === undefined ? {} : { instance }),
      ...(this.errors === undefined ? {} : { errors: this.errors }),
    };
  }
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** 400 listing each invalid field. */
export function validationProblem(errors: FieldError[], detail = 'The request has invalid fields.'): HttpProblem {
  return new HttpProblem({ status: 400, slug: 'validation', title: 'Invalid request', detail, errors });
}

const BEARER_REALM = 'Bearer realm="holdless"';

/** 401 with the RFC 6750 §3 challenge; `invalidToken` adds `error="invalid_token"`. */
export function unauthorizedProblem(detail: string, invalidToken = false): HttpProblem {
  const challenge = invalidToken
    ? `${BEARER_REALM}, error="invalid_token", error_description="${detail.replace(/"/g, "'")}"`
    : BEARER_REALM;
  return new HttpProblem({
    status: 401,
    slug: 'unauthorized',
    title: 'Unauthorized',
    detail,
    headers: { 'www-authenticate': challenge },
  });
}

export function forbiddenProblem(detail: string): HttpProblem {
  return new HttpProblem({ status: 403, slug: 'forbidden', title: 'Forbidden', detail });
}
