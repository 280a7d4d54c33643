import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AcdFacade } from '../acd/acd-facade.js';
import type { Clock } from '../lib/clock.js';
import type { Rng } from '../lib/rng.js';
import { createAuthenticator } from './auth/authenticate.js';
import { TokenService } from './auth/tokens.js';
import { CallbackRateLimit, type CallbackRateLimits } from './callback-rate-limit.js';
import { toHttpProblem } from './error-mapping.js';
import { installJsonBodyParser } from './json-body-parser.js';
import { LoginGuard } from './login-guard.js';
import { registerHomePage } from './home-page.js';
import { buildOpenApiDocument } from './openapi.js';
import { PhoneNormalizer, type PhonePolicy } from './phone-number.js';
import { registerPlatformApi } from './platform-api/start-scenarios.js';
import { HttpProblem, PROBLEM_CONTENT_TYPE } from './problem-details.js';
import { registerRoutes } from './register-routes.js';
import type { RouteDeps } from './route-deps.js';
import type { AnyRoute } from './route-spec.js';
import { authRoutes } from './routes/auth.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { offerRoutes } from './routes/offers.js';
import { openApiRoute } from './routes/openapi.js';
import { operatorRoutes } from './routes/operators.js';
import { queueRoutes } from './routes/queues.js';
import { requestRoutes } from './routes/requests.js';
import { scenarioRoutes } from './routes/scenarios.js';
import type { ScenarioStarter } from './scenario-starter.js';
import { ScenarioStarts } from './scenario-starts.js';
import { EventStreams } from './sse/event-streams.js';

/** Request bodies larger than this are refused with 413. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export interface ApiDeps {
  acd: AcdFacade;
  auth: {
    /** The admin API token (HOLDLESS_API_TOKEN). An empty string disables admin-token access. */
    adminToken: string;
    /** HMAC key of the signed tokens; at least 16 characters. */
    tokenSecret: string;
    verifyOperatorPassword(username: string, password: string): boolean;
  };
  clock: Clock;
  rng: Rng;
  /** A pino logger (fastify's `loggerInstance`); absent or false: no logging. */
  logger?: FastifyBaseLogger | false | undefined;
  phone: PhonePolicy;
  rateLimits: CallbackRateLimits;
  /**
   * Starts scenarios for POST /api/v1/scenarios/start and /platform_api/StartScenarios. Absent: those endpoints answer
   * 503 "scenarios are not enabled".
   */
  scenarios?: ScenarioStarter | undefined;
}

/** The HTTP API as a fastify instance, routes registered, not listening: the caller decides `listen` or `inject`. */
export function buildApi(deps: ApiDeps): FastifyInstance {
  const options = {
    bodyLimit: BODY_LIMIT_BYTES,
    // No automatic HEAD routes: HEAD on the event stream would open a subscription for nothing.
    exposeHeadRoutes: false,
    genReqId: () => deps.rng.hex(8),
    frameworkErrors: (error: Error, req: FastifyRequest, reply: FastifyReply) => sendProblem(req, reply, error),
  };
  const app: FastifyInstance = deps.logger
    ? Fastify({ ...options, loggerInstance: deps.logger })
    : Fastify({ ...options, logger: false });

  installJsonBodyParser(app);

  const tokens = new TokenService(deps.auth.tokenSecret, deps.clock, deps.rng);
  const events = new EventStreams(deps.acd, deps.clock, app.log);
  // One limiter: scenario starts use the same per-client allowance as callback requests (a start usually enqueues one).
  const callbackLimit = new CallbackRateLimit(deps.clock, deps.rateLimits);
  const routeDeps: RouteDeps = {
    acd: deps.acd,
    clock: deps.clock,
    tokens,
    phone: new PhoneNormalizer(deps.phone),
    callbackLimit,
    loginGuard: new LoginGuard(deps.clock),
    verifyOperatorPassword: (u, p) => deps.auth.verifyOperatorPassword(u, p),
    events,
    scenarios: new ScenarioStarts(deps.scenarios, callbackLimit),
  };

  const routes: AnyRoute[] = [
    ...healthRoutes(),
    ...authRoutes(routeDeps),
    ...queueRoutes(routeDeps),
    ...operatorRoutes(routeDeps),
    ...requestRoutes(routeDeps),
    ...offerRoutes(routeDeps),
    ...eventRoutes(routeDeps),
    ...scenarioRoutes(routeDeps),
  ];
  // The document lists every route, itself included; built once, eagerly, so a bad schema fails at start.
  const holder: { document?: Record<string, unknown> } = {};
  const allRoutes = [...routes, openApiRoute(() => holder.document ?? {})];
  holder.document = buildOpenApiDocument(allRoutes, {
    title: 'holdless API',
    version: '1',
    description: 'Queues, operators, callbacks and tasks of the holdless ACD. Errors are RFC 9457 problem details.',
  });

  const authenticator = createAuthenticator(deps.auth.adminToken, tokens);
  registerRoutes(app, allRoutes, authenticator);
  registerHomePage(app);

  app.setErrorHandler((error, req, reply) => sendProblem(req, reply, error));
  app.setNotFoundHandler((req, reply) =>
    sendProblem(
      req,
      reply,
      new HttpProblem({
        status: 404,
        slug: 'not-found',
        title: 'Not found',
        detail: `No route ${req.method} ${pathOf(req.url)}.`,
      }),
    ),
  );
  // Voximplant's StartScenarios: its own scope (form bodies, Voximplant-shaped errors), outside the OpenAPI document.
  registerPlatformApi(app, { auth: authenticator, scenarios: routeDeps.scenarios });
  app.addHook('preClose', (done) => {
    events.closeAll();
    done();
  });
  return app;
}

function sendProblem(req: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const { problem, unexpected } = toHttpProblem(error);
  if (unexpected) req.log.error({ err: error }, 'unexpected error while handling a request');
  return reply
    .code(problem.status)
    .headers(problem.headers)
    .type(PROBLEM_CONTENT_TYPE)
    .send({ ...problem.toBody(pathOf(req.url)), traceId: req.id });
}

/** The path of a URL, without the query (which may carry `access_token`). */
function pathOf(url: string): string {
  const end = url.indexOf('?');
  return end === -1 ? url : url.slice(0, end);
}
