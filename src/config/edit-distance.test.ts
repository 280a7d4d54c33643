import { describe, expect, it } from 'vitest';
import { closest, editDistance } from './edit-distance.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions, ignoring case', () => {
    expect(editDistance('ringTimeout', 'ringTimeout')).toBe(0);
    expect(editDistance('ringTimout', 'ringTimeout')).toBe(1);
    expect(editDistance('ringtimeout', 'ringTimeout')).toBe(0);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('closest', () => {
  it('suggests a candidate within two edits, or nothing', () => {
    expect(closest('operater', ['queues', 'operators'])).toBe('operators');
    expect(closest('colour', ['dataDir', 'http', 'logLevel'])).toBeUndefined();
    expect(closest('MainQeue', ['MainQueue', 'Sales'])).toBe('MainQueue');
  });
});
