import { describe, expect, it } from 'vitest';
import type { QueueSettings } from '../acd/types.js';
import { defaultQueueSettings, queueSettingsSchema, resolveQueueSettings } from './queue-settings-schema.js';

describe('queueSettingsSchema', () => {
  it('fills every default from an empty mapping', () => {
    const expected: QueueSettings = {
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
        expirySeconds: 86400,
        dedupe: true,
        onCallerLost: 'abandon',
      },
      taskCapacity: {},
    };
    expect(queueSettingsSchema.parse({})).toEqual(expected);
    expect(defaultQueueSettings).toEqual(expected);
  });

  it('merges a partial nested mapping with the defaults, key by key', () => {
    const s = queueSettingsSchema.parse({ callback: { maxAttempts: 5, retryDelaySeconds: { busy: 60 } } });
    expect(s.callback).toEqual({ ...defaultQueueSettings.callback, maxAttempts: 5, retryDelaySeconds: { busy: 60, noAnswer: 300, failed: 600 } });
    expect(s.noAnswer).toEqual(defaultQueueSettings.noAnswer);
  });

  it('reads null (a YAML key with nothing under it) as "use the defaults"', () => {
    expect(queueSettingsSchema.parse({ callback: null, noAnswer: { delaySeconds: null }, taskCapacity: null })).toEqual(
      defaultQueueSettings,
    );
  });

  it('keeps an optional caller ID and the named task channels', () => {
    const s = queueSettingsSchema.parse({ callback: { callerId: '+442079460000' }, taskCapacity: { chat: 3 } });
    expect(s.callback.callerId).toBe('+442079460000');
    expect(s.taskCapacity).toEqual({ chat: 3 });
  });

  it('rejects unknown keys at every level', () => {
    for (const bad of [{ ringTimout: 30 }, { callback: { maxAttempt: 2 } }, { noAnswer: { delaySeconds: { nope: 1 } } }]) {
      const r = queueSettingsSchema.safeParse(bad);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.code).toBe('unrecognized_keys');
    }
  });

  it.each([
    [{ ringTimeout: 9 }, 'ringTimeout', 'a number from 10 to 400'],
    [{ ringTimeout: 401 }, 'ringTimeout', 'a number from 10 to 400'],
    [{ ringTimeout: '30' }, 'ringTimeout', 'a number from 10 to 400'],
    [{ maxQueueSize: 1.5 }, 'maxQueueSize', 'a whole number, 0 or more'],
    [{ averageServiceTime: 0 }, 'averageServiceTime', 'greater than 0'],
    [{ strategy: 'random' }, 'strategy', '"round-robin"'],
    [{ callback: { maxAttempts: 0 } }, 'callback.maxAttempts', '1 or more'],
    [{ callback: { dedupe: 'yes' } }, 'callback.dedupe', 'true or false'],
    [{ noAnswer: { onMaxMisses: 'KICK' } }, 'noAnswer.onMaxMisses', '"TIMEOUT"'],
    [{ taskCapacity: { chat: -1 } }, 'taskCapacity.chat', '0 or more'],
    [{ callback: 'yes' }, 'callback', 'a mapping'],
    // The ACD could run it, but nothing would dial the customer while an operator is held for them.
    [{ callback: { mode: 'customer-first' } }, 'callback.mode', 'holdless does not dial them yet'],
  ])('rejects %j at %s', (input, path, message) => {
    const r = queueSettingsSchema.safeParse(input);
    expect(r.success).toBe(false);
    const issue = r.error?.issues[0];
    expect(issue?.path.join('.')).toBe(path);
    expect(issue?.message).toContain(message);
  });

  it('accepts the boundaries of ringTimeout', () => {
    expect(queueSettingsSchema.parse({ ringTimeout: 10 }).ringTimeout).toBe(10);
    expect(queueSettingsSchema.parse({ ringTimeout: 400 }).ringTimeout).toBe(400);
  });
});

describe('defaultQueueSettings', () => {
  it('is frozen all the way down', () => {
    expect(Object.isFrozen(defaultQueueSettings)).toBe(true);
    expect(Object.isFrozen(defaultQueueSettings.callback.retryDelaySeconds)).toBe(true);
  });
});

describe('resolveQueueSettings', () => {
  it('fills defaults from nothing and from a partial', () => {
    expect(resolveQueueSettings(undefined)).toEqual(defaultQueueSettings);
    expect(resolveQueueSettings({ callback: { maxAttempts: 5 } }).callback.maxAttempts).toBe(5);
  });

  it('merges over a given base (an API PATCH over the current settings)', () => {
    const base = resolveQueueSettings({ ringTimeout: 30, callback: { maxAttempts: 5 }, taskCapacity: { chat: 3 } });
    const next = resolveQueueSettings({ callback: { retryPlacement: 'back' }, taskCapacity: { email: 5 } }, base);
    expect(next.ringTimeout).toBe(30);
    expect(next.callback.maxAttempts).toBe(5);
    expect(next.callback.retryPlacement).toBe('back');
    expect(next.taskCapacity).toEqual({ chat: 3, email: 5 });
  });

  it('returns a fresh object, not the frozen defaults', () => {
    const s = resolveQueueSettings({});
    expect(s).not.toBe(defaultQueueSettings);
    expect(Object.isFrozen(s)).toBe(false);
  });

  it('throws on invalid settings', () => {
    expect(() => resolveQueueSettings({ ringTimeout: 5 })).toThrow(/10 to 400/);
  });
});
