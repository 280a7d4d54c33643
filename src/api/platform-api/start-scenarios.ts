import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorize, type Authenticator } from '../auth/authenticate.js';
import { MANAGERS, type Principal } from '../auth/principal.js';
import { unauthorizedProblem, validationProblem, type FieldError } from '../problem-details.js';
import { redactedRequest } from '../register-routes.js';
import { API_PREFIX } from '../route-spec.js';
import type { ScenarioRuleRef } from '../scenario-starter.js';
import {
  MAX_CUSTOM_DATA_BYTES,
  SCENARIO_BODY_LIMIT_BYTES,
  customDataTooLarge,
  type ScenarioStarts,
} from '../scenario-starts.js';
import { installFormBodyParser } from './form-body-parser.js';
import { toVoximplantError } from './voximplant-error.js';

/** Voximplant's clients call `https://api.voximplant.com/platform_api/StartScenarios/` (their examples end in `/`). */
export const START_SCENARIOS_PATHS = ['/platform_api/StartScenarios', '/platform_api/StartScenarios/'] as const;

/** The parameters we read. Others Voximplant defines (`account_id`, `application_id`, `user_id`...) are ignored. */
const PARAMETERS = ['rule_id', 'rule_name', 'script_custom_data', 'api_key'] as const;
type Parameter = (typeof PARAMETERS)[number];
type Parameters = Partial<Record<Parameter, string>>;

export interface StartScenariosAnswer {
  result: 1;
  media_session_access_url: string;
  media_session_access_secure_url: string;
  /** Voximplant's is a number; ours is the session id. */
  call_session_history_id: string;
}

export interface PlatformApiDeps {
  auth: Authenticator;
  scenarios: ScenarioStarts;
}

/**
 * Voximplant's `StartScenarios` (GET or POST; parameters in the query or a form body), answering in Voximplant's
 * shapes, errors included (voximplant-error.ts). Registered in its own fastify scope so that the form parser and
 * the Voximplant-shaped error handler apply to it alone.
 */
export function registerPlatformApi(app: FastifyInstance, deps: PlatformApiDeps): void {
  void app.register((scope, _options, done) => {
    installFormBodyParser(scope);
    scope.setErrorHandler((error, req, reply) => sendVoximplantError(req, reply, error));
    for (const url of START_SCENARIOS_PATHS) {
      scope.route({
        method: ['GET', 'POST'],
        url,
        bodyLimit: SCENARIO_BODY_LIMIT_BYTES,
        logSerializers: { req: redactedRequest },
        handler: async (req, reply) => reply.send(await startScenarios(req, deps)),
      });
    }
    done();
  });
}

async function startScenarios(req: FastifyRequest, deps: PlatformApiDeps): Promise<StartScenariosAnswer> {
  const params = readParameters(req.query, req.body);
  const principal = authenticate(req, params, deps.auth);
  authorize(principal, MANAGERS);
  const { rule, customData } = validate(params);
  const { sessionId } = await deps.scenarios.start(principal, rule, customData);
  // Where a client would control the session (Voximplant's AppEvents.HttpRequest). Not served yet: see docs/api.md.
  const path = `${API_PREFIX}/sessions/${encodeURIComponent(sessionId)}`;
  const host = hostOf(req);
  return {
    result: 1,
    media_session_access_url: `${req.protocol}://${host}${path}`,
    media_session_access_secure_url: `https://${host}${path}`,
    call_session_history_id: sessionId,
  };
}

/** Our bearer token in the Authorization header, or in `api_key` where Voximplant's API key went. */
function authenticate(req: FastifyRequest, params: Parameters, auth: Authenticator): Principal {
  if (req.headers.authorization !== undefined) return auth.authenticate(req, false);
  if (params.api_key !== undefined) return auth.verifyToken(params.api_key);
  throw unauthorizedProblem('A holdless token is required: "Authorization: Bearer <token>" or api_key=<token>.');
}

/**
 * The known parameters from the query and the body (a form, or a flat JSON object). Each may be given once: a
 * repeated one is refused rather than guessed at. An empty value counts as absent (HTML forms send empty fields).
 */
export function readParameters(query: unknown, body: unknown): Parameters {
  const errors: FieldError[] = [];
  if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
    throw validationProblem([
      { field: 'body', message: 'Send a form (application/x-www-form-urlencoded) or leave the body empty.' },
    ]);
  }
  const params: Parameters = {};
  for (const name of PARAMETERS) {
    const values = [...valuesOf(query, name), ...valuesOf(body, name)];
    if (values.some((v) => typeof v !== 'string')) {
      errors.push({ field: name, message: 'Must be a string.' });
      continue;
    }
    const given = (values as string[]).filter((v) => v !== '');
    if (given.length > 1) errors.push({ field: name, message: 'Given more than once.' });
    else if (given[0] !== undefined) params[name] = given[0];
  }
  if (errors.length > 0) throw validationProblem(errors);
  return params;
}

/** The values of one parameter: a form's string or strings; a JSON body's numbers read as strings. */
function valuesOf(source: unknown, name: string): unknown[] {
  if (typeof source !== 'object' || source === null || !Object.hasOwn(source, name)) return [];
  const value = (source as Record<string, unknown>)[name];
  const values = Array.isArray(value) ? (value as unknown[]) : [value];
  return values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : v));
}

function validate(params: Parameters): { rule: ScenarioRuleRef; customData: string } {
  const errors: FieldError[] = [];
  let rule: ScenarioRuleRef | undefined;
  const { rule_id: id, rule_name: name } = params;
  if (id !== undefined && name !== undefined) {
    errors.push({ field: 'rule_name', message: 'Give rule_id or rule_name, not both.' });
  } else if (id !== undefined) {
    if (/^[0-9]{1,15}$/.test(id)) rule = { id: Number(id) };
    else errors.push({ field: 'rule_id', message: 'Must be a non-negative integer.' });
  } else if (name !== undefined) {
    if (name.length <= 128 && !/\p{Cc}/u.test(name)) rule = { name };
    else errors.push({ field: 'rule_name', message: 'At most 128 characters, without control characters.' });
  } else {
    errors.push({ field: 'rule_id', message: 'Give rule_id or rule_name.' });
  }
  const customData = params.script_custom_data ?? '';
  if (customDataTooLarge(customData)) {
    errors.push({ field: 'script_custom_data', message: `At most ${MAX_CUSTOM_DATA_BYTES} bytes (64 KiB) of UTF-8.` });
  }
  if (errors.length > 0 || rule === undefined) throw validationProblem(errors);
  return { rule, customData };
}

/** The Host the client used, if it looks like one; it is echoed into URLs, so nothing else gets through. */
function hostOf(req: FastifyRequest): string {
  const host = req.host;
  return typeof host === 'string' && /^[A-Za-z0-9.:[\]-]{1,255}$/.test(host) ? host : 'localhost';
}

function sendVoximplantError(req: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const answer = toVoximplantError(error);
  if (answer.unexpected) req.log.error({ err: error }, 'unexpected error while handling a request');
  return reply.code(answer.status).headers(answer.headers).type('application/json').send(answer.body);
}
