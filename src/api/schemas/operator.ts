import { z } from 'zod';
import { IsoTime, PathName, text } from './common.js';
import { named } from './registry.js';

export const OperatorStatusSchema = z.enum([
  'OFFLINE',
  'ONLINE',
  'READY',
  'IN_SERVICE',
  'AFTER_SERVICE',
  'DND',
  'BANNED',
  'TIMEOUT',
]);

const SETTABLE = ['OFFLINE', 'ONLINE', 'READY', 'DND', 'AFTER_SERVICE', 'BANNED'] as const;

export const OperatorQueueBindingSchema = z.strictObject({
  queue: PathName,
  skill: z.int().min(0).max(100).meta({ description: 'Higher is more skilled (skill-level-first strategy).' }),
});

export const OperatorInputSchema = named(
  'OperatorInput',
  z.strictObject({
    displayName: text(100).optional(),
    queues: z
      .array(OperatorQueueBindingSchema)
      .max(100)
      .default([])
      .refine((q) => new Set(q.map((b) => b.queue)).size === q.length, 'Each queue may appear once.'),
  }),
  'An operator as written; the username is in the path. Passwords are managed in the configuration file.',
);

export const OperatorStatusInputSchema = named(
  'OperatorStatusInput',
  z.strictObject({
    status: z.enum(SETTABLE, {
      error: (issue) =>
        issue.input === 'IN_SERVICE' || issue.input === 'TIMEOUT'
          ? `${String(issue.input)} is set by the ACD, not chosen. Choose one of ${SETTABLE.join(', ')}.`
          : `Choose one of ${SETTABLE.join(', ')}.`,
    }),
  }),
  'BANNED may be set by supervisors and admins only.',
);

export const OperatorSchema = named(
  'Operator',
  z.strictObject({
    username: z.string(),
    displayName: z.string(),
    queues: z.array(OperatorQueueBindingSchema),
    status: OperatorStatusSchema,
    presenceSince: IsoTime,
    idleSince: IsoTime,
    handled: z.int(),
    misses: z.int(),
    skipUntil: IsoTime.nullable().meta({ description: 'Skipped for offers until then, after a missed offer.' }),
    wrapUpUntil: IsoTime.nullable(),
    timeoutUntil: IsoTime.nullable(),
    activeRequests: z.array(z.string()),
    voiceReachable: z.boolean().meta({
      description: 'Whether calls and callbacks may be offered: a SIP phone of the operator is registered (when sip.requireRegistration is on).',
    }),
  }),
);

export const OperatorListSchema = named('OperatorList', z.strictObject({ items: z.array(OperatorSchema) }));
