import { describe, expect, it } from 'vitest';
import { toE164 } from './phone.js';

describe('toE164: a caller ID as a callback number', () => {
  it.each([
    ['+15557654321', '+15557654321'],
    ['15557654321', '+15557654321'],
    ['+7 (495) 123-45-67', '+74951234567'],
    ['+44.20.7946.0000', '+442079460000'],
  ])('%s → %s', (raw, e164) => expect(toE164(raw)).toBe(e164));

  it.each(['anonymous', 'alice', '', '+0123456789', '1234567', '+1234567890123456', undefined, null])('%s cannot be called back', (raw) => {
    expect(toE164(raw)).toBeUndefined();
  });
});
