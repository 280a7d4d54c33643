import { STATUS_CODES } from 'node:http';
import { AcdValidationError, ForbiddenError, NotFoundError, StateConflictError } from '../acd/errors.js';
import { HttpProblem, forbiddenProblem, validationProblem } from './problem-details.js';
import { UnknownRuleError } from './scenario-starter.js';

/**
 * The one place where errors become HTTP answers. ACD and scenario-port errors are recognised by class, fastify's own
 * errors by code; anything else is a 500 whose details stay in the log.
 */
export function toHttpProblem(error: unknown): { problem: HttpProblem; unexpected: boolean } {
  if (error instanceof HttpProblem) return { problem: error, unexpected: false };
  if (error instanceof NotFoundError) {
    return {
      problem: new HttpProblem({
        status: 404,
        slug: 'not-found',
        title: 'Not found',
        detail: error.message,
        extensions: { entity: error.entity, key: error.key },
        cause: error,
      }),
      unexpected: false,
    };
  }
  if (error instanceof UnknownRuleError) {
    return {
      problem: new HttpProblem({
        status: 404,
        slug: 'not-found',
        title: 'Not found',
        detail: error.message,
        extensions: { entity: 'rule', key: 'name' in error.rule ? error.rule.name : String(error.rule.id) },
        cause: error,
      }),
      unexpected: false,
    };
  }
  if (error instanceof StateConflictError) {
    return {
      problem: new HttpProblem({
        status: 409,
        slug: 'state-conflict',
        title: 'Conflict with the current state',
        detail: error.message,
        extensions: error.currentState === undefined ? {} : { currentState: error.currentState },
        cause: error,
      }),
      unexpected: false,
    };
  }
  if (error instanceof AcdValidationError) {
    return { problem: validationProblem([{ field: error.field, message: error.message }]), unexpected: false };
  }
  if (error instanceof ForbiddenError) return { problem: forbiddenProblem(error.message), unexpected: false };

  const framework = frameworkProblem(error);
  if (framework) return { problem: framework, unexpected: false };

  return {
    problem: new HttpProblem({
      status: 500,
      slug: 'internal',
      title: 'Internal server error',
      detail: 'An unexpected error occurred; it has been logged.',
      cause: error,
    }),
    unexpected: true,
  };
}

interface FrameworkError {
  code?: unknown;
  statusCode?: unknown;
}

/** fastify's client errors (body parsing, limits, media type), recognised by their stable `code`. */
function frameworkProblem(error: unknown): HttpProblem | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, statusCode } = error as FrameworkError;
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpProblem({
        status: 400,
        slug: 'malformed-json',
        title: 'Malformed JSON',
        detail: 'The request body is not valid JSON.',
      });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpProblem({
        status: 413,
        slug: 'payload-too-large',
        title: 'Payload too large',
        detail: 'The request body exceeds the size limit.',
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpProblem({
        status: 415,
        slug: 'unsupported-media-type',
        title: 'Unsupported media type',
        detail: 'Send request bodies as application/json.',
      });
    default:
      break;
  }
  // Other fastify client errors (bad Content-Length, bad URL...): keep their status, not their internals.
  if (typeof code === 'string' && code.startsWith('FST_') && typeof statusCode === 'number') {
    if (statusCode >= 400 && statusCode < 500) {
      return new HttpProblem({ status: statusCode, slug: 'bad-request', title: STATUS_CODES[statusCode] ?? 'Bad request' });
    }
  }
  return undefined;
}
