import { z } from 'zod';
import { IsoTime } from './common.js';
import { OperatorStatusSchema } from './operator.js';
import { named } from './registry.js';
import { OfferSchema, RequestSummarySchema } from './request.js';

/**
 * The `data:` of each Server-Sent Event on `GET /api/v1/events`. The SSE `event:` field repeats `type`.
 * Requests are summarized (no payload or custom data): fetch `GET /requests/{id}` for the whole request.
 */
const base = { at: IsoTime.meta({ description: 'When the API published the event.' }), request: RequestSummarySchema };
const failureCause = z.enum(['no-answer', 'busy', 'rejected', 'unavailable', 'declined', 'error']);

export const AcdEventSchema = named(
  'AcdEvent',
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('Queued'), ...base, duplicate: z.boolean() }),
    z.strictObject({ type: z.literal('Offline'), ...base }),
    z.strictObject({
      type: z.literal('QueueFull'),
      ...base,
      cause: z.enum(['size', 'wait']),
      predictedWait: z.number().meta({ description: 'Seconds.' }),
    }),
    z.strictObject({ type: z.literal('Offered'), ...base, offer: OfferSchema }),
    z.strictObject({
      type: z.literal('OfferWithdrawn'),
      ...base,
      offer: OfferSchema,
      cause: z.union([failureCause, z.literal('cancelled')]),
    }),
    z.strictObject({ type: z.literal('OperatorReached'), ...base, offer: OfferSchema }),
    z.strictObject({
      type: z.literal('OperatorFailed'),
      ...base,
      operator: z.string(),
      cause: failureCause,
      statusCode: z.int(),
    }),
    z.strictObject({ type: z.literal('DialCustomer'), ...base, offer: OfferSchema, attempt: z.int() }),
    z.strictObject({
      type: z.literal('CustomerDialFailed'),
      ...base,
      outcome: z.enum(['busy', 'no-answer', 'failed']),
      retryAt: IsoTime.nullable(),
    }),
    z.strictObject({ type: z.literal('Connected'), ...base, operator: z.string() }),
    z.strictObject({ type: z.literal('Requeued'), ...base, reason: z.string() }),
    z.strictObject({ type: z.literal('Ended'), ...base }),
    z.strictObject({ type: z.literal('ConvertedToCallback'), ...base }),
    z.strictObject({
      type: z.literal('Error'),
      at: IsoTime,
      error: z.string(),
      requestIds: z.array(z.string()),
    }),
    z.strictObject({
      type: z.literal('OperatorStatusChanged'),
      at: IsoTime,
      operator: z.string(),
      status: OperatorStatusSchema,
      previous: OperatorStatusSchema,
    }),
    z.strictObject({
      type: z.literal('OperatorReachabilityChanged'),
      at: IsoTime,
      operator: z.string(),
      voiceReachable: z.boolean().meta({ description: 'Whether voice offers can ring this operator (a phone is registered, when required).' }),
    }),
  ]),
  'One live ACD event, as the `data:` line of a Server-Sent Event.',
);
