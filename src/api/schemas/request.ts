import { z } from 'zod';
import { ChannelName, IsoDateTime, IsoTime, PathName, Seconds, TimeQuery, text } from './common.js';
import { named } from './registry.js';

export const MAX_PAYLOAD_BYTES = 16 * 1024;
export const MAX_PAYLOAD_DEPTH = 10;

const RequestStateSchema = z.enum([
  'waiting',
  'offered',
  'connected',
  'completed',
  'cancelled',
  'expired',
  'abandoned',
  'failed',
  'rejected',
]);

const CREATABLE_KINDS = ['callback', 'task'] as const;

/** Free JSON for tasks and web sites: bounded in size and depth. */
const Payload = z.unknown().superRefine((value, ctx) => {
  const json = JSON.stringify(value);
  if (json !== undefined && Buffer.byteLength(json, 'utf8') > MAX_PAYLOAD_BYTES) {
    ctx.addIssue({ code: 'custom', message: `At most ${MAX_PAYLOAD_BYTES} bytes of JSON.` });
  }
  if (depth(value) > MAX_PAYLOAD_DEPTH) {
    ctx.addIssue({ code: 'custom', message: `At most ${MAX_PAYLOAD_DEPTH} levels of nesting.` });
  }
});

function depth(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + children.reduce<number>((max, child) => Math.max(max, depth(child)), 0);
}

export const CreateRequestBodySchema = named(
  'CreateRequest',
  z
    .strictObject({
      queue: PathName,
      kind: z.enum(CREATABLE_KINDS, {
        error: (issue) =>
          issue.input === 'call'
            ? "Requests of kind 'call' come from live calls; over HTTP create a 'callback' or a 'task'."
            : "Must be 'callback' or 'task'.",
      }),
      phone: z
        .string()
        .min(1)
        .max(32)
        .optional()
        .meta({ description: 'Required for callbacks. Normalized to E.164; must be in the allowed destinations.' }),
      name: text(200).optional(),
      priority: z.int().min(1).max(100).optional().meta({ description: '1 is the highest; default from the ACD.' }),
      channel: ChannelName.optional(),
      payload: Payload.optional().meta({ description: 'Free JSON, at most 16 KiB and 10 levels deep.' }),
      customData: z.string().max(4096).optional(),
      ringTimeout: Seconds(10, 400).optional().meta({ description: "Seconds to ring each operator; overrides the queue's." }),
      notBefore: IsoDateTime.optional().meta({ description: 'Not offered before this instant.' }),
      notAfter: IsoDateTime.optional().meta({ description: 'A callback not started by this instant expires.' }),
    })
    .superRefine((body, ctx) => {
      if (body.kind === 'callback' && body.phone === undefined) {
        ctx.addIssue({ code: 'custom', path: ['phone'], message: 'A callback needs the number to call.' });
      }
      if (body.notBefore !== undefined && body.notAfter !== undefined) {
        if (Date.parse(body.notAfter) <= Date.parse(body.notBefore)) {
          ctx.addIssue({ code: 'custom', path: ['notAfter'], message: 'Must be after notBefore.' });
        }
      }
    }),
  "A callback or task. Send an Idempotency-Key header to make retries safe.",
);

export const CancelRequestBodySchema = named(
  'CancelRequest',
  z.strictObject({ reason: text(200).optional() }).optional(),
);

export const OfferSchema = named(
  'Offer',
  z.strictObject({
    id: z.string(),
    operator: z.string(),
    phase: z.enum(['ringing', 'dialing-customer', 'connected']),
    since: IsoTime,
    expiresAt: IsoTime.nullable(),
    customerAnswered: z.boolean().optional(),
  }),
);

const requestShape = {
  id: z.string(),
  queue: z.string(),
  kind: z.enum(['call', 'callback', 'task']),
  priority: z.int(),
  state: RequestStateSchema,
  reason: z.string().optional(),
  phone: z.string().optional(),
  name: z.string().optional(),
  channel: z.string().optional(),
  virtualStart: IsoTime.meta({ description: 'Place in line within a priority (a callback keeps its call\'s).' }),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  notBefore: IsoTime.optional(),
  notAfter: IsoTime.optional(),
  attempts: z.int(),
  offers: z.int(),
  offer: OfferSchema.optional(),
  answeredAt: IsoTime.optional(),
  endedAt: IsoTime.optional(),
  handledBy: z.string().optional(),
};

/** A request in lists and event streams: without the creator's payload and custom data. */
export const RequestSummarySchema = named('RequestSummary', z.strictObject(requestShape));

export const RequestSchema = named(
  'Request',
  z.strictObject({
    ...requestShape,
    payload: z.unknown().optional(),
    customData: z.string().optional(),
    ringTimeout: z.int().optional(),
    position: z.int().min(1).optional().meta({ description: '1-based place in line, while waiting.' }),
    estimatedWaitSeconds: z
      .number()
      .min(0)
      .nullable()
      .optional()
      .meta({ description: 'Predicted wait in seconds, while waiting; null while unknown (nobody staffs the queue).' }),
    ewtMinutes: z
      .int()
      .min(0)
      .nullable()
      .optional()
      .meta({ description: 'The same in whole minutes, rounded up; null while unknown.' }),
  }),
);

export const CreatedRequestSchema = named(
  'CreatedRequest',
  RequestSchema.extend({
    duplicate: z.boolean().meta({ description: 'True when an existing pending callback for the number was returned.' }),
  }),
);

export const RequestListSchema = named(
  'RequestList',
  z.strictObject({ items: z.array(RequestSchema), limit: z.int(), offset: z.int() }),
);

export const RequestListQuerySchema = z.strictObject({
  queue: PathName.optional(),
  state: z
    .string()
    .max(200)
    .optional()
    .meta({ description: 'Comma-separated states, e.g. `waiting,offered`.' })
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const states = value.split(',').map((s) => s.trim());
      const bad = states.filter((s) => !RequestStateSchema.safeParse(s).success);
      if (bad.length > 0) {
        ctx.addIssue({ code: 'custom', message: `Unknown state: ${bad.join(', ')}.` });
        return z.NEVER;
      }
      return states as z.output<typeof RequestStateSchema>[];
    }),
  kind: z.enum(['call', 'callback', 'task']).optional(),
  phone: z.string().min(1).max(32).optional().meta({ description: 'Normalized to E.164 before matching.' }),
  since: TimeQuery.optional().meta({ description: 'ISO 8601 or ms since the epoch: created at or after.' }),
  order: z.enum(['newest', 'oldest']).default('newest'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const HistoryEntrySchema = named(
  'HistoryEntry',
  z.strictObject({
    at: IsoTime,
    event: z.string().meta({ description: 'ENQUEUE, OFFER, CONNECT, COMPLETE, CANCEL, ... (queue_log style).' }),
    state: RequestStateSchema,
    queue: z.string(),
    operator: z.string().optional(),
    detail: z.string().optional(),
  }),
);

export const HistorySchema = named(
  'RequestHistory',
  z.strictObject({ requestId: z.string(), items: z.array(HistoryEntrySchema) }),
);

export const RequestIdParams = z.strictObject({ id: PathName });
