import { z } from 'zod';
import type { CreateRequestInput, IdempotencyInput } from '../../acd/acd-facade.js';
import { ANY_ROLE, MANAGERS, clientIdOf } from '../auth/principal.js';
import { REPLAYED_HEADER, fingerprint, readIdempotencyKey } from '../idempotency.js';
import { historyEntryOut, requestOut } from '../mapping/request.js';
import { rejectionProblem } from '../request-rejection.js';
import type { RouteDeps } from '../route-deps.js';
import { API_PREFIX, defineRoute, ok, principalOf, type AnyRoute, type RouteResult } from '../route-spec.js';
import { timeQueryToMs } from '../schemas/common.js';
import {
  CancelRequestBodySchema,
  CreateRequestBodySchema,
  CreatedRequestSchema,
  HistorySchema,
  RequestIdParams,
  RequestListQuerySchema,
  RequestListSchema,
  RequestSchema,
} from '../schemas/request.js';
import { parseIso } from '../time.js';

const tag = 'requests';

export function requestRoutes(d: RouteDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: `${API_PREFIX}/requests`,
      operationId: 'createRequest',
      summary: 'Create a callback or task',
      description:
        'Callbacks are rate limited per client and per number. A pending callback for the same number in the same ' +
        'queue is returned with `duplicate: true` (200). A request the queue refuses is answered 503 `queue-offline` ' +
        'or 409 `queue-full`, with the recorded request id. With `Idempotency-Key`, a retry returns the first answer ' +
        '(header `Idempotent-Replayed: true`); the same key with another body is 409.',
      tag,
      access: ANY_ROLE,
      body: CreateRequestBodySchema,
      requestHeaders: [
        {
          name: 'Idempotency-Key',
          description: 'Makes retries safe: scoped to the client, remembered by the ACD.',
          schema: z.string().min(1).max(255),
        },
      ],
      responses: [
        {
          status: 201,
          description: 'Queued.',
          schema: CreatedRequestSchema,
          headers: { Location: 'The request URL.', 'Idempotent-Replayed': '`true` when this answers a retry.' },
        },
        {
          status: 200,
          description: 'An existing pending callback for the same number (`duplicate: true`).',
          schema: CreatedRequestSchema,
          headers: { 'Idempotent-Replayed': '`true` when this answers a retry.' },
        },
      ],
      problems: [409, 429, 503],
      handle: async (ctx) => {
        const principal = principalOf(ctx);
        const body = ctx.body;
        const client = clientIdOf(principal);
        const phone =
          body.phone === undefined
            ? undefined
            : body.kind === 'callback'
              ? d.phone.normalizeDestination(body.phone)
              : d.phone.normalize(body.phone);
        const key = readIdempotencyKey(ctx.req.headers);
        const idempotency: IdempotencyInput | undefined =
          key === undefined ? undefined : { client, key, fingerprint: fingerprint(ctx.req.body) };
        const uncount = body.kind === 'callback' && phone !== undefined ? d.callbackLimit.take(client, phone) : undefined;

        const input: CreateRequestInput = {
          queue: body.queue,
          kind: body.kind,
          priority: body.priority,
          phone,
          name: body.name,
          channel: body.channel,
          payload: body.payload,
          customData: body.customData,
          ringTimeout: body.ringTimeout,
          notBefore: body.notBefore === undefined ? undefined : parseIso(body.notBefore),
          notAfter: body.notAfter === undefined ? undefined : parseIso(body.notAfter),
        };
        const result = await d.acd.createRequest(input, idempotency);
        // A replay is the same request answered again: it must not use up the client's allowance twice.
        if (result.replayed) uncount?.();
        const headers: Record<string, string> = result.replayed ? { [REPLAYED_HEADER]: 'true' } : {};
        if (result.request.state === 'rejected') throw rejectionProblem(result.request, headers);
        const out = { ...requestOut(result.request), duplicate: result.duplicate };
        const answer: RouteResult = result.duplicate
          ? { status: 200, body: out, headers }
          : {
              status: 201,
              body: out,
              headers: { ...headers, location: `${API_PREFIX}/requests/${encodeURIComponent(result.request.id)}` },
            };
        return answer;
      },
    }),
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/requests`,
      operationId: 'listRequests',
      summary: 'List requests',
      description: 'Newest first by default; `limit` 1..500 (default 50).',
      tag,
      access: ANY_ROLE,
      query: RequestListQuerySchema,
      responses: [{ status: 200, description: 'A page of requests.', schema: RequestListSchema }],
      handle: async ({ query }) => {
        const items = await d.acd.listRequests({
          queue: query.queue,
          states: query.state,
          kind: query.kind,
          phone: query.phone === undefined ? undefined : d.phone.normalize(query.phone),
          since: query.since === undefined ? undefined : timeQueryToMs(query.since),
          newestFirst: query.order === 'newest',
          limit: query.limit,
          offset: query.offset,
        });
        return ok({ items: items.map(requestOut), limit: query.limit, offset: query.offset });
      },
    }),
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/requests/:id`,
      operationId: 'getRequest',
      summary: 'Get a request',
      description: 'While waiting: `position`, `estimatedWaitSeconds` and `ewtMinutes`.',
      tag,
      access: ANY_ROLE,
      params: RequestIdParams,
      responses: [{ status: 200, description: 'The request.', schema: RequestSchema }],
      handle: async ({ params }) => ok(requestOut(await d.acd.getRequest(params.id))),
    }),
    defineRoute({
      method: 'POST',
      path: `${API_PREFIX}/requests/:id/cancel`,
      operationId: 'cancelRequest',
      summary: 'Cancel a request',
      tag,
      access: MANAGERS,
      params: RequestIdParams,
      body: CancelRequestBodySchema,
      responses: [{ status: 200, description: 'The cancelled request.', schema: RequestSchema }],
      problems: [409],
      handle: async ({ params, body }) => ok(requestOut(await d.acd.cancelRequest(params.id, body?.reason))),
    }),
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/requests/:id/history`,
      operationId: 'getRequestHistory',
      summary: "A request's history",
      description: 'Every state change, oldest first.',
      tag,
      access: ANY_ROLE,
      params: RequestIdParams,
      responses: [{ status: 200, description: 'The log.', schema: HistorySchema }],
      handle: async ({ params }) => {
        const entries = await d.acd.history(params.id);
        // An empty log may mean an unknown id: let the ACD say 404.
        if (entries.length === 0) await d.acd.getRequest(params.id);
        return ok({ requestId: params.id, items: entries.map(historyEntryOut) });
      },
    }),
  ];
}
