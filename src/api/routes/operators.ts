import { z } from 'zod';
import { ANY_ROLE, MANAGERS } from '../auth/principal.js';
import { exists } from '../exists.js';
import { operatorOut } from '../mapping/operator.js';
import { forbiddenProblem } from '../problem-details.js';
import type { RouteDeps } from '../route-deps.js';
import { API_PREFIX, NO_CONTENT, created, defineRoute, ok, principalOf, type AnyRoute } from '../route-spec.js';
import { PathName, Username } from '../schemas/common.js';
import {
  OperatorInputSchema,
  OperatorListSchema,
  OperatorSchema,
  OperatorStatusInputSchema,
} from '../schemas/operator.js';

const tag = 'operators';
const OperatorParams = z.strictObject({ username: PathName });
const OperatorCreateParams = z.strictObject({ username: Username });

export function operatorRoutes(d: RouteDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/operators`,
      operationId: 'listOperators',
      summary: 'List operators',
      tag,
      access: ANY_ROLE,
      responses: [{ status: 200, description: 'Every operator with its visible status.', schema: OperatorListSchema }],
      handle: () => ok({ items: d.acd.listOperators().map(operatorOut) }),
    }),
    defineRoute({
      method: 'GET',
      path: `${API_PREFIX}/operators/:username`,
      operationId: 'getOperator',
      summary: 'Get an operator',
      tag,
      access: ANY_ROLE,
      params: OperatorParams,
      responses: [{ status: 200, description: 'The operator.', schema: OperatorSchema }],
      handle: ({ params }) => ok(operatorOut(d.acd.getOperator(params.username))),
    }),
    defineRoute({
      method: 'PUT',
      path: `${API_PREFIX}/operators/:username`,
      operationId: 'putOperator',
      summary: 'Create or replace an operator',
      tag,
      access: MANAGERS,
      params: OperatorCreateParams,
      body: OperatorInputSchema,
      responses: [
        { status: 200, description: 'Replaced.', schema: OperatorSchema },
        { status: 201, description: 'Created.', schema: OperatorSchema, headers: { Location: 'The operator URL.' } },
      ],
      handle: async ({ params, body }) => {
        const existed = exists(() => d.acd.getOperator(params.username));
        const view = await d.acd.putOperator({
          username: params.username,
          displayName: body.displayName,
          queues: body.queues,
        });
        const out = operatorOut(view);
        return existed ? ok(out) : created(out, `${API_PREFIX}/operators/${encodeURIComponent(view.username)}`);
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: `${API_PREFIX}/operators/:username`,
      operationId: 'deleteOperator',
      summary: 'Delete an operator',
      tag,
      access: MANAGERS,
      params: OperatorParams,
      responses: [{ status: 204, description: 'Deleted.' }],
      problems: [409],
      handle: async ({ params }) => {
        await d.acd.deleteOperator(params.username);
        return NO_CONTENT;
      },
    }),
    defineRoute({
      method: 'PUT',
      path: `${API_PREFIX}/operators/:username/status`,
      operationId: 'setOperatorStatus',
      summary: "Set an operator's status",
      description:
        'Operators may set only their own status, and not BANNED. IN_SERVICE and TIMEOUT are set by the ACD (400).',
      tag,
      access: ANY_ROLE,
      params: OperatorParams,
      body: OperatorStatusInputSchema,
      responses: [{ status: 200, description: 'The operator after the change.', schema: OperatorSchema }],
      problems: [409],
      handle: async (ctx) => {
        const principal = principalOf(ctx);
        const { username } = ctx.params;
        const { status } = ctx.body;
        if (principal.role === 'operator') {
          if (principal.operator !== username) throw forbiddenProblem('Operators may change only their own status.');
          if (status === 'BANNED') throw forbiddenProblem('Only supervisors and admins may ban an operator.');
        }
        return ok(operatorOut(await d.acd.setOperatorStatus(username, status)));
      },
    }),
  ];
}
