import { defineRoute, ok, type AnyRoute } from '../route-spec.js';
import { HealthSchema } from '../schemas/system.js';

export function healthRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/healthz',
      operationId: 'health',
      summary: 'Liveness check',
      tag: 'system',
      access: 'public',
      responses: [{ status: 200, description: 'The API answers.', schema: HealthSchema }],
      handle: () => ok({ status: 'ok' }),
    }),
  ];
}
