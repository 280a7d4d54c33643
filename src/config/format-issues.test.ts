import { describe, expect, it } from 'vitest';
import { formatPath, hideUrlPassword, showValue } from './format-issues.js';

describe('formatPath', () => {
  it.each([
    [[], '(top level)'],
    [['queues', 0, 'ringTimeout'], 'queues[0].ringTimeout'],
    [['queues', 2, 'taskCapacity', 'live chat'], 'queues[2].taskCapacity["live chat"]'],
    [['tts', 'voices', 'en-us'], 'tts.voices.en-us'],
  ] as [PropertyKey[], string][])('%j → %s', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});

describe('showValue', () => {
  it('shows JSON, "nothing" for a missing value, and shortens long values', () => {
    expect(showValue(5, [])).toBe('5');
    expect(showValue('x', [])).toBe('"x"');
    expect(showValue(undefined, [])).toBe('nothing');
    expect(showValue({ a: [1, 2] }, [])).toBe('{"a":[1,2]}');
    const long = showValue('y'.repeat(200), []);
    expect(long).toHaveLength(60);
    expect(long.endsWith('…')).toBe(true);
  });

  it('never shows a secret, only its length', () => {
    expect(showValue('hunter2', ['operators', 0, 'password'])).toBe('a hidden value of 7 characters');
    expect(showValue('tok', ['api', 'adminToken'])).toBe('a hidden value of 3 characters');
    expect(showValue(12345, ['trunks', 0, 'password'])).toBe('a hidden value');
  });

  it('hides the password in a URL', () => {
    expect(hideUrlPassword('postgres://user:s3cret@db:5432/holdless')).toBe('postgres://user:***@db:5432/holdless');
    expect(hideUrlPassword('postgres://db/holdless')).toBe('postgres://db/holdless');
    expect(showValue('postgres://u:p@db/x', ['database', 'url'])).toBe('"postgres://u:***@db/x"');
  });
});
