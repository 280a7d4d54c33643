import { ANY_ROLE, MANAGERS } from '../auth/principal.js';
import { exists } from '../exists.js';
import { queueLiveOut, queueOut, statisticsOut } from '../mapping/queue.js';
import type { RouteDeps } from '../route-deps.js';
import { API_PREFIX, NO_CONTENT, created, defineRoute, ok, type AnyRoute } from '../route-spec.js';
import { timeQueryToMs } from '../schemas/common.js';
import {
  QueueCreateParams,
  QueueInputSchema,
  QueueListSchema,
  QueueLiveSchema,
  QueueParams,
  QueueSchema,
  QueueStatisticsSchema,
  StatisticsQuerySchema,
} from '../schemas/queue.js';

const DAY_MS = 86_400_000;
const tag = 'queues';

export function queueRoutes(d: RouteDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/queues`,
      operationId: 'listQueues',
      summary: 'List queues',
      tag,
      access: ANY_ROLE,
      responses: [{ status: 200, description: 'Every queue.', schema: QueueListSchema }],
      handle: () => ok({ items: d.acd.listQueues().map(queueOut) }),
    }),
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/queues/:name`,
      operationId: 'getQueue',
      summary: 'Get a queue',
      tag,
      access: ANY_ROLE,
      params: QueueParams,
      responses: [{ status: 200, description: 'The queue.', schema: QueueSchema }],
      handle: ({ params }) => ok(queueOut(d.acd.getQueue(params.name))),
    }),
    defineRoute({
      method: 'PUT',
      path: `${API_PREFIX}/queues/:name`,
      operationId: 'putQueue',
      summary: 'Create or replace a queue',
      description: 'Settings left out take their defaults; nested policies (noAnswer, callback) are replaced whole.',
      tag,
      access: MANAGERS,
      params: QueueCreateParams,
      body: QueueInputSchema,
      responses: [
        { status: 200, description: 'Replaced.', schema: QueueSchema },
        { status: 201, description: 'Created.', schema: QueueSchema, headers: { Location: 'The queue URL.' } },
      ],
      handle: async ({ params, body }) => {
        const existed = exists(() => d.acd.getQueue(params.name));
        const view = await d.acd.putQueue({ name: params.name, title: body.title, settings: body.settings });
        return existed ? ok(queueOut(view)) : created(queueOut(view), `${API_PREFIX}/queues/${encodeURIComponent(view.name)}`);
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: `${API_PREFIX}/queues/:name`,
      operationId: 'deleteQueue',
      summary: 'Delete a queue',
      description: 'Refused (409) while the queue has active requests.',
      tag,
      access: MANAGERS,
      params: QueueParams,
      responses: [{ status: 204, description: 'Deleted.' }],
      problems: [409],
      handle: async ({ params }) => {
        await d.acd.deleteQueue(params.name);
        return NO_CONTENT;
      },
    }),
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/queues/:name/live`,
      operationId: 'getQueueLive',
      summary: 'Live state of a queue',
      description: 'Active requests in position order with wait estimates, and the queue\'s operators.',
      tag,
      access: ANY_ROLE,
      params: QueueParams,
      responses: [{ status: 200, description: 'The live queue.', schema: QueueLiveSchema }],
      handle: ({ params }) => ok(queueLiveOut(d.acd.queueLive(params.name))),
    }),
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/queues/:name/statistics`,
      operationId: 'getQueueStatistics',
      summary: 'Queue statistics since a time',
      tag,
      access: ANY_ROLE,
      params: QueueParams,
      query: StatisticsQuerySchema,
      responses: [{ status: 200, description: 'Service level, ASA, AHT, abandon rate, callbacks.', schema: QueueStatisticsSchema }],
      handle: async ({ params, query }) => {
        const since = query.since === undefined ? d.clock.now() - DAY_MS : timeQueryToMs(query.since);
        return ok(statisticsOut(await d.acd.queueStatistics(params.name, since)));
      },
    }),
  ];
}
