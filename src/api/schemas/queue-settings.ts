import { z } from 'zod';
import type { QueueSettingsInput } from '../../acd/queue-defaults.js';
import type { QueueSettings } from '../../acd/types.js';
import { named } from './registry.js';

/**
 * QueueSettings as the API reads and writes them: the keys and constraints of acd/types.ts (and of the config
 * file's schema), with upper bounds so nonsense like a year-long ring is refused. A PUT may give any subset, nested
 * mappings included; the ACD fills every key left out from the defaults (PUT replaces: it does not merge over the
 * queue's current settings).
 */
const YEAR = 365 * 86_400;

/** Seconds, fractions allowed. */
const seconds = (min = 0, max = YEAR) => z.number().min(min).max(max);
const positiveSeconds = () => z.number().positive().max(YEAR);

const delaySecondsShape = { noAnswer: seconds(), busy: seconds(), rejected: seconds(), declined: seconds() };
const retryDelayShape = { busy: seconds(), noAnswer: seconds(), failed: seconds() };

const noAnswerShape = {
  maxMisses: z.int().min(0).max(1000).meta({ description: 'Consecutive misses before BANNED/TIMEOUT; 0 = never.' }),
  onMaxMisses: z.enum(['BANNED', 'TIMEOUT']),
  timeoutSeconds: positiveSeconds(),
};

const callbackShape = {
  mode: z
    .enum(['operator-first', 'customer-first'])
    .refine((m): boolean => m !== 'customer-first', { error: 'customer-first callbacks are not dialed by holdless yet: use operator-first' })
    .meta({ description: 'Only operator-first is accepted for now: holdless does not dial customer-first callbacks yet.' }),
  maxAttempts: z.int().min(1).max(100),
  retryPlacement: z.enum(['keep', 'back']),
  expirySeconds: seconds().meta({ description: '0 = never.' }),
  dedupe: z.boolean(),
  onCallerLost: z.enum(['abandon', 'callback']),
  callerId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9+_.-]+$/, 'An E.164 number or a trunk caller ID.')
    .optional(),
};

const ChannelKey = z.string().min(1).max(32).regex(/^[A-Za-z0-9._-]+$/, 'Letters, digits, ".", "_" or "-".');
const TaskCapacity = z
  .record(ChannelKey, z.int().min(0).max(1000))
  .refine((r) => Object.keys(r).length <= 64, 'At most 64 channels.')
  .meta({ description: 'Parallel tasks per operator per channel (e.g. chat: 3); channels not named get 1.' });

const scalarShape = {
  maxQueueSize: z.int().min(0).max(1_000_000).meta({ description: 'Waiting requests at most; 0 = unlimited.' }),
  maxWaitingTime: seconds().meta({ description: 'Reject calls and callbacks over this predicted wait; 0 = no limit.' }),
  averageServiceTime: positiveSeconds().meta({ description: 'Handle time assumed before any is measured.' }),
  ringTimeout: z.number().min(10).max(400).meta({ description: 'Seconds an operator is rung (10..400).' }),
  wrapUpTime: seconds().meta({ description: 'AFTER_SERVICE after each handled request; 0 = none.' }),
  serviceLevelSeconds: positiveSeconds().meta({ description: 'Answered within this counts toward SL%.' }),
  strategy: z.enum(['longest-idle', 'round-robin', 'fewest-handled', 'skill-level-first']),
  taskCapacity: TaskCapacity,
};

/** Settings as answered: every key present. */
export const QueueSettingsSchema = named(
  'QueueSettings',
  z.strictObject({
    ...scalarShape,
    noAnswer: named(
      'NoAnswerPolicy',
      z.strictObject({ ...noAnswerShape, delaySeconds: z.strictObject(delaySecondsShape) }),
      'What happens when an operator misses offers.',
    ),
    callback: named(
      'CallbackPolicy',
      z.strictObject({ ...callbackShape, retryDelaySeconds: z.strictObject(retryDelayShape) }),
      'How callbacks are dialed, retried and expired.',
    ),
  }),
);

/** Settings as written: any subset at every level; unknown keys are errors. */
export const QueueSettingsInputSchema = named(
  'QueueSettingsInput',
  z
    .strictObject({
      ...scalarShape,
      noAnswer: z.strictObject({ ...noAnswerShape, delaySeconds: z.strictObject(delaySecondsShape).partial() }).partial(),
      callback: z.strictObject({ ...callbackShape, retryDelaySeconds: z.strictObject(retryDelayShape).partial() }).partial(),
    })
    .partial(),
  'Any subset of the queue settings, nested mappings included; every key left out takes its default.',
);

// Compile-time guards: what the API accepts must be what the facade takes; what it answers, the domain type.
type Assert<T extends true> = T;
export type SettingsInputMatchesFacade = Assert<
  z.output<typeof QueueSettingsInputSchema> extends QueueSettingsInput ? true : false
>;
export type SettingsMatchDomain = Assert<z.output<typeof QueueSettingsSchema> extends QueueSettings ? true : false>;
