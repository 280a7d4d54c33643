import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorize, type Authenticator } from './auth/authenticate.js';
import { HIJACKED, type AnyRoute } from './route-spec.js';
import { parseInput } from './validation.js';

/** Registers each route: authenticate, authorize, validate params / query / body, run, reply. */
export function registerRoutes(app: FastifyInstance, routes: readonly AnyRoute[], auth: Authenticator): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.path,
      ...(route.bodyLimit === undefined ? {} : { bodyLimit: route.bodyLimit }),
      logSerializers: { req: redactedRequest },
      handler: async (req, reply) => {
        let principal;
        if (route.access !== 'public') {
          principal = auth.authenticate(req, route.acceptsQueryToken ?? false);
          authorize(principal, route.access);
        }
        const params = route.params ? parseInput(route.params, req.params, 'path') : undefined;
        const rawQuery = route.acceptsQueryToken ? withoutAccessToken(req.query) : req.query;
        const query = route.query ? parseInput(route.query, rawQuery ?? {}, 'query') : undefined;
        const body = route.body ? parseInput(route.body, req.body, 'body') : undefined;

        const result = await route.handle({ req, reply, principal, params, query, body });
        if (result === HIJACKED) return reply;
        if (result.headers) void reply.headers(result.headers);
        void reply.code(result.status);
        return result.body === undefined ? reply.send() : reply.send(result.body);
      },
    });
  }
}

function withoutAccessToken(query: unknown): unknown {
  if (typeof query !== 'object' || query === null) return query;
  const { access_token: _token, ...rest } = query as Record<string, unknown>;
  return rest;
}

/**
 * fastify's request log line, with tokens passed in the query blanked out: `access_token` (EventSource) and
 * `api_key` (Voximplant's StartScenarios).
 */
export function redactedRequest(req: FastifyRequest): Record<string, unknown> {
  return {
    method: req.method,
    url: req.url.replace(/([?&](?:access_token|api_key)=)[^&]*/g, '$1[redacted]'),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
