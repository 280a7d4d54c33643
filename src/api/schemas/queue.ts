import { z } from 'zod';
import { IsoTime, PathName, QueueName, TimeQuery, text } from './common.js';
import { OperatorSchema, OperatorStatusSchema } from './operator.js';
import { QueueSettingsInputSchema, QueueSettingsSchema } from './queue-settings.js';
import { named } from './registry.js';
import { RequestSchema } from './request.js';

export const QueueParams = z.strictObject({ name: PathName });
export const QueueCreateParams = z.strictObject({ name: QueueName });

export const QueueInputSchema = named(
  'QueueInput',
  z.strictObject({
    title: text(200).optional(),
    settings: QueueSettingsInputSchema.optional(),
  }),
  'A queue as written; the name is in the path. PUT replaces the queue: settings left out take defaults.',
);

export const QueueSchema = named(
  'Queue',
  z.strictObject({
    name: z.string(),
    title: z.string().optional(),
    settings: QueueSettingsSchema,
    waiting: z.int().min(0),
    operators: z
      .partialRecord(OperatorStatusSchema, z.int().min(0))
      .meta({ description: 'Operators bound to the queue, counted by visible status.' }),
  }),
);

export const QueueListSchema = named('QueueList', z.strictObject({ items: z.array(QueueSchema) }));

export const QueueLiveSchema = named(
  'QueueLive',
  z.strictObject({
    queue: QueueSchema,
    requests: z.array(RequestSchema).meta({ description: 'Waiting in position order, then offered and connected.' }),
    operators: z.array(OperatorSchema),
  }),
);

export const StatisticsQuerySchema = z.strictObject({
  since: TimeQuery.optional().meta({ description: 'ISO 8601 or ms since the epoch; default: 24 hours ago.' }),
});

const percent = z.number().min(0).max(100).nullable();
const seconds = z.number().min(0).nullable();

export const QueueStatisticsSchema = named(
  'QueueStatistics',
  z.strictObject({
    queue: z.string(),
    since: IsoTime,
    entered: z.int(),
    answered: z.int(),
    abandoned: z.int(),
    rejected: z.int(),
    serviceLevelPercent: percent.meta({ description: 'Answered within the threshold, of answered + abandoned.' }),
    serviceLevelSeconds: z.number(),
    averageSpeedOfAnswer: seconds,
    averageHandleTime: seconds,
    abandonRatePercent: percent,
    callbacks: z.strictObject({ pending: z.int(), completed: z.int(), failed: z.int(), expired: z.int() }),
    waiting: z.int(),
    measuredHandleTime: z.number().meta({ description: 'Handle time the estimator uses now, seconds.' }),
  }),
);
