import type { RequestView } from '../../acd/acd-facade.js';
import { ANY_ROLE, MANAGERS, type Principal } from '../auth/principal.js';
import { requestOut } from '../mapping/request.js';
import type { RouteDeps } from '../route-deps.js';
import { API_PREFIX, defineRoute, ok, principalOf, type AnyRoute } from '../route-spec.js';
import { CustomerDialBodySchema, FailOfferBodySchema } from '../schemas/offer.js';
import { RequestIdParams, RequestSchema } from '../schemas/request.js';

const tag = 'offers';
const OPERATOR_RULE = 'Operators act only on offers made to them (403 otherwise); supervisors and admins on any.';

/** Operators act as themselves; supervisors and admins act on any offer. */
function asOperator(principal: Principal): string | undefined {
  return principal.role === 'operator' ? principal.operator : undefined;
}

const answered = [{ status: 200, description: 'The request after the change.', schema: RequestSchema }];

export function offerRoutes(d: RouteDeps): AnyRoute[] {
  const action = (
    operationId: string,
    verb: string,
    summary: string,
    run: (id: string, operator: string | undefined) => Promise<RequestView>,
  ): AnyRoute =>
    defineRoute({
      method: 'POST',
      path: `${API_PREFIX}/requests/:id/${verb}`,
      operationId,
      summary,
      description: OPERATOR_RULE,
      tag,
      access: ANY_ROLE,
      params: RequestIdParams,
      responses: answered,
      problems: [409],
      handle: async (ctx) => ok(requestOut(await run(ctx.params.id, asOperator(principalOf(ctx))))),
    });

  return [
    action('acceptOffer', 'accept', 'Accept the offer', (id, op) => d.acd.acceptOffer(id, op)),
    action('declineOffer', 'decline', 'Decline the offer (not counted as a missed attempt)', (id, op) =>
      d.acd.failOffer(id, 'declined', undefined, op),
    ),
    action('completeRequest', 'complete', 'Complete the work', (id, op) => d.acd.completeRequest(id, op)),
    defineRoute({
      method: 'POST',
      path: `${API_PREFIX}/requests/:id/fail`,
      operationId: 'failOffer',
      summary: 'Report a failed offer',
      description: `For operator endpoints (web phone, SIP glue). ${OPERATOR_RULE}`,
      tag,
      access: ANY_ROLE,
      params: RequestIdParams,
      body: FailOfferBodySchema,
      responses: answered,
      problems: [409],
      handle: async (ctx) => {
        const { cause, statusCode } = ctx.body;
        return ok(requestOut(await d.acd.failOffer(ctx.params.id, cause, statusCode, asOperator(principalOf(ctx)))));
      },
    }),
    defineRoute({
      method: 'POST',
      path: `${API_PREFIX}/requests/:id/customer-dial`,
      operationId: 'reportCustomerDial',
      summary: "Report how dialing a callback's customer ended",
      description: 'For the dialer: supervisors and admins.',
      tag,
      access: MANAGERS,
      params: RequestIdParams,
      body: CustomerDialBodySchema,
      responses: answered,
      problems: [409],
      handle: async ({ params, body }) => ok(requestOut(await d.acd.reportCustomerDial(params.id, body.outcome))),
    }),
  ];
}
