import { toHttpProblem } from '../error-mapping.js';

/**
 * Voximplant's HTTP API answers errors as `{error: {code, msg}}`, and old clients parse that shape, so the
 * Voximplant-shaped endpoints do too (not RFC 9457). The codes are Voximplant's published generic ones where one
 * fits (https://voximplant.com/docs/references/httpapi/errors); docs/api.md lists which answer what.
 */
export const VoximplantErrorCode = {
  /** Voximplant: "Internal error". */
  InternalError: 2,
  /** Voximplant: "Authorization failed". No, bad or expired token. */
  AuthorizationFailed: 100,
  /** Voximplant: "Invalid arguments". Bad or missing parameters, an unknown rule, a body we cannot read. */
  InvalidArguments: 101,
  /** Voximplant: "Unknown command". Here: the server runs without a scenario runtime. */
  UnknownCommand: 103,
  /** Voximplant: "Forbidden command". The token's role may not start scenarios. */
  ForbiddenCommand: 104,
  /** Rate limited; the HTTP status is 429 as well (Voximplant answers 429 to too many concurrent requests). */
  TooManyRequests: 429,
} as const;

export interface VoximplantErrorBody {
  error: { code: number; msg: string };
}

export interface VoximplantErrorAnswer {
  status: number;
  headers: Record<string, string>;
  body: VoximplantErrorBody;
  /** A bug rather than a client error: log it. */
  unexpected: boolean;
}

/** Any error, as Voximplant would answer it: the HTTP status of our problem mapping, Voximplant's body. */
export function toVoximplantError(error: unknown): VoximplantErrorAnswer {
  const { problem, unexpected } = toHttpProblem(error);
  const status = problem.status;
  let msg = problem.detail ?? problem.title;
  if (problem.errors && problem.errors.length > 0) {
    msg = problem.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  }
  if (status === 415) msg = 'Send the parameters in the query string or as an application/x-www-form-urlencoded body.';
  if (status >= 500 && status !== 503) msg = 'Internal error; it has been logged.';
  return { status, headers: problem.headers, body: { error: { code: codeFor(status), msg } }, unexpected };
}

function codeFor(status: number): number {
  switch (status) {
    case 401:
      return VoximplantErrorCode.AuthorizationFailed;
    case 403:
      return VoximplantErrorCode.ForbiddenCommand;
    case 429:
      return VoximplantErrorCode.TooManyRequests;
    case 503:
      return VoximplantErrorCode.UnknownCommand;
    default:
      return status >= 400 && status < 500 ? VoximplantErrorCode.InvalidArguments : VoximplantErrorCode.InternalError;
  }
}
