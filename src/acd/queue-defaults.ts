import type { QueueSettings } from './types.js';

/** Settings a queue gets for every key it does not set. Durations in seconds. */
export const DEFAULT_QUEUE_SETTINGS: Readonly<QueueSettings> = Object.freeze({
  maxQueueSize: 1000,
  maxWaitingTime: 0,
  averageServiceTime: 180,
  ringTimeout: 60,
  wrapUpTime: 0,
  serviceLevelSeconds: 20,
  strategy: 'longest-idle',
  noAnswer: {
    delaySeconds: { noAnswer: 30, busy: 10, rejected: 10, declined: 5 },
    maxMisses: 3,
    onMaxMisses: 'BANNED',
    timeoutSeconds: 300,
  },
  callback: {
    mode: 'operator-first',
    maxAttempts: 3,
    retryDelaySeconds: { busy: 120, noAnswer: 300, failed: 600 },
    retryPlacement: 'keep',
    expirySeconds: 86_400,
    dedupe: true,
    onCallerLost: 'abandon',
  },
  taskCapacity: {},
} satisfies QueueSettings);

/** Deep partial of the settings, as a config file or an API call may give them. */
export type QueueSettingsInput = DeepPartial<QueueSettings>;

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** Fills every key not given from `base` (the defaults, or a queue's current settings), merging nested objects. */
export function resolveQueueSettings(input: QueueSettingsInput | undefined, base: QueueSettings = DEFAULT_QUEUE_SETTINGS): QueueSettings {
  const i = input ?? {};
  return {
    ...base,
    ...stripUndefined(i),
    noAnswer: {
      ...base.noAnswer,
      ...stripUndefined(i.noAnswer ?? {}),
      delaySeconds: { ...base.noAnswer.delaySeconds, ...stripUndefined(i.noAnswer?.delaySeconds ?? {}) },
    },
    callback: {
      ...base.callback,
      ...stripUndefined(i.callback ?? {}),
      retryDelaySeconds: { ...base.callback.retryDelaySeconds, ...stripUndefined(i.callback?.retryDelaySeconds ?? {}) },
    },
    taskCapacity: { ...base.taskCapacity, ...(stripUndefined(i.taskCapacity ?? {}) as Record<string, number>) },
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
