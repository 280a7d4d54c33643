import { describe, expect, it } from 'vitest';
import { fieldPath } from './validation.js';

describe('fieldPath', () => {
  it('writes JSON paths with dots and indexes', () => {
    expect(fieldPath(['settings', 'ringTimeout'], 'body')).toBe('settings.ringTimeout');
    expect(fieldPath(['queues', 0, 'skill'], 'body')).toBe('queues[0].skill');
    expect(fieldPath([0, 'a'], 'body')).toBe('[0].a');
    expect(fieldPath([], 'query')).toBe('query');
  });
});
