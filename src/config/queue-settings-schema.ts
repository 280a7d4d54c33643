/**
 * The settings of one queue, as users write them: every key optional, nested mappings merged key by key with
 * {@link defaultQueueSettings}, unknown keys rejected (so a typo is an error, not a silently ignored key).
 *
 * Standalone on purpose: the config file and the HTTP API's queue CRUD both validate with {@link queueSettingsSchema},
 * so this file imports nothing but zod and the ACD types. Each schema's error message is the "what was expected" half
 * of a problem ("a number from 10 to 400"); the config loader prefixes the key path and the value it got.
 */
import { z } from 'zod';
import { DEFAULT_QUEUE_SETTINGS } from '../acd/queue-defaults.js';
import type { CallbackPolicy, DistributionStrategy, NoAnswerPolicy, QueueSettings } from '../acd/types.js';

/** The defaults of a queue that sets nothing: the ACD's own (acd/queue-defaults.ts), deeply frozen. */
export const defaultQueueSettings: QueueSettings = deepFreeze(structuredClone(DEFAULT_QUEUE_SETTINGS) as QueueSettings);

export const RING_TIMEOUT_MIN = 10;
export const RING_TIMEOUT_MAX = 400;

export const DISTRIBUTION_STRATEGIES = [
  'longest-idle',
  'round-robin',
  'fewest-handled',
  'skill-level-first',
] as const satisfies readonly DistributionStrategy[];

const D = defaultQueueSettings;

/** Seconds (fractions allowed) from 0 up. */
function seconds(what = 'a number of seconds, 0 or more') {
  return z.number({ error: what }).min(0);
}

/** A whole number from `min` up. */
function count(min: number, what: string) {
  return z.number({ error: what }).int().min(min);
}

/** Why `callback.mode: customer-first` is refused (config and API). */
export const CUSTOMER_FIRST_REFUSED =
  'operator-first (customer-first callbacks are decided by the ACD but holdless does not dial them yet, docs/telephony.md)';

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `one of ${values.map((v) => JSON.stringify(v)).join(', ')}` });
}

/**
 * YAML writes an empty mapping (`callback:` with every line below it commented out) as null; read that as "not set",
 * so the defaults apply, rather than as a type error. The same holds for JSON bodies of the API.
 */
function mapping<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === null ? undefined : v), schema);
}

/**
 * The message of a mapping that is not one. An unknown key keeps zod's own issue (which names the key), so a caller
 * with a parse-level error map can say more, e.g. suggest the closest known key.
 */
function mappingError(what: string) {
  return (issue: { code?: string | undefined }) => (issue.code === 'unrecognized_keys' ? undefined : what);
}

const channelName = z
  .string({ error: 'a channel name (letters, digits, ".", "_" or "-")' })
  .regex(/^[A-Za-z0-9._-]+$/);

const noAnswerSchema = z.strictObject(
  {
    delaySeconds: mapping(
      z
        .strictObject(
          {
            noAnswer: seconds().default(D.noAnswer.delaySeconds.noAnswer),
            busy: seconds().default(D.noAnswer.delaySeconds.busy),
            rejected: seconds().default(D.noAnswer.delaySeconds.rejected),
            declined: seconds().default(D.noAnswer.delaySeconds.declined),
          },
          { error: mappingError('a mapping of seconds per cause (noAnswer, busy, rejected, declined)') },
        )
        .prefault({}),
    ),
    maxMisses: count(0, 'a whole number, 0 or more (0 = never)').default(D.noAnswer.maxMisses),
    onMaxMisses: oneOf(['BANNED', 'TIMEOUT']).default(D.noAnswer.onMaxMisses),
    timeoutSeconds: z
      .number({ error: 'a number of seconds greater than 0' })
      .positive()
      .default(D.noAnswer.timeoutSeconds),
  },
  { error: mappingError('a mapping (delaySeconds, maxMisses, onMaxMisses, timeoutSeconds)') },
);

const callbackSchema = z.strictObject(
  {
    // The ACD engine can run customer-first callbacks, but the telephony layer does not dial them yet: accepting the
    // setting would hold an operator IN_SERVICE for a customer nobody calls.
    mode: oneOf(['operator-first', 'customer-first'])
      .refine((m): boolean => m !== 'customer-first', { error: CUSTOMER_FIRST_REFUSED })
      .default(D.callback.mode),
    maxAttempts: count(1, 'a whole number, 1 or more').default(D.callback.maxAttempts),
    retryDelaySeconds: mapping(
      z
        .strictObject(
          {
            busy: seconds().default(D.callback.retryDelaySeconds.busy),
            noAnswer: seconds().default(D.callback.retryDelaySeconds.noAnswer),
            failed: seconds().default(D.callback.retryDelaySeconds.failed),
          },
          { error: mappingError('a mapping of seconds per outcome (busy, noAnswer, failed)') },
        )
        .prefault({}),
    ),
    retryPlacement: oneOf(['keep', 'back']).default(D.callback.retryPlacement),
    expirySeconds: seconds('a number of seconds, 0 or more (0 = never)').default(D.callback.expirySeconds),
    dedupe: z.boolean({ error: 'true or false' }).default(D.callback.dedupe),
    onCallerLost: oneOf(['abandon', 'callback']).default(D.callback.onCallerLost),
    callerId: z.string({ error: 'a caller ID (an E.164 number or a trunk caller ID)' }).min(1).optional(),
  },
  {
    error: mappingError(
      'a mapping (mode, maxAttempts, retryDelaySeconds, retryPlacement, expirySeconds, dedupe, onCallerLost, callerId)',
    ),
  },
);

/**
 * The shape of queue settings as keys next to each other; the config file extends it with a queue's `name` and
 * `title`, the API with whatever its resources carry.
 */
export const queueSettingsShape = {
  maxQueueSize: count(0, 'a whole number, 0 or more (0 = unlimited)').default(D.maxQueueSize),
  maxWaitingTime: seconds('a number of seconds, 0 or more (0 = no limit)').default(D.maxWaitingTime),
  averageServiceTime: z
    .number({ error: 'a number of seconds greater than 0' })
    .positive()
    .default(D.averageServiceTime),
  ringTimeout: z
    .number({ error: `a number from ${RING_TIMEOUT_MIN} to ${RING_TIMEOUT_MAX}` })
    .min(RING_TIMEOUT_MIN)
    .max(RING_TIMEOUT_MAX)
    .default(D.ringTimeout),
  wrapUpTime: seconds('a number of seconds, 0 or more (0 = none)').default(D.wrapUpTime),
  serviceLevelSeconds: z
    .number({ error: 'a number of seconds greater than 0' })
    .positive()
    .default(D.serviceLevelSeconds),
  strategy: oneOf(DISTRIBUTION_STRATEGIES).default(D.strategy),
  noAnswer: mapping(noAnswerSchema.prefault({})),
  callback: mapping(callbackSchema.prefault({})),
  taskCapacity: mapping(
    z
      .record(channelName, count(0, 'a whole number of parallel tasks, 0 or more'), {
        error: 'a mapping of channel name to parallel tasks (e.g. chat: 3)',
      })
      .default(() => ({})),
  ),
};

/** Validates a partial QueueSettings and fills in every default; unknown keys are errors. */
export const queueSettingsSchema = z.strictObject(queueSettingsShape, {
  error: mappingError(`a mapping of queue settings (${Object.keys(queueSettingsShape).join(', ')})`),
});

/** What a caller may pass: any subset of the settings, nested mappings included. */
export type QueueSettingsInput = DeepPartial<QueueSettings>;

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/**
 * Settings from a partial: `partial` is merged key by key over `base` (the defaults unless given, e.g. a queue's current
 * settings for an API PATCH), then validated. Throws zod's `ZodError` when the result is not valid.
 */
export function resolveQueueSettings(partial: QueueSettingsInput | undefined, base: QueueSettings = D): QueueSettings {
  return queueSettingsSchema.parse(mergeOver(base, partial ?? {}));
}

/** Plain-object merge: mappings merge key by key (taskCapacity included), anything else in `over` replaces. */
function mergeOver(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value !== undefined) out[key] = mergeOver(base[key], value);
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

// Compile-time proof that the schema produces exactly the domain's types; a drift in either fails `tsc`.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
type _QueueSettingsMatch = Assert<Equals<z.output<typeof queueSettingsSchema>, QueueSettings>>;
type _NoAnswerMatch = Assert<Equals<z.output<typeof noAnswerSchema>, NoAnswerPolicy>>;
type _CallbackMatch = Assert<Equals<z.output<typeof callbackSchema>, CallbackPolicy>>;
