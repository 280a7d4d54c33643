import { describe, expect, it } from 'vitest';
import { DEFAULT_TELEPHONE_EVENTS, formatEventList, parseEventList } from './telephone-event.js';

describe('telephone-event event lists (RFC 4733 §2.4.1)', () => {
  it('reads ranges and single events', () => {
    expect(parseEventList('0-15')).toStrictEqual(new Set([...Array(16).keys()]));
    expect([...parseEventList('0-11,16')!]).toStrictEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 16]);
    expect([...parseEventList(' 3 , 1 ')!]).toStrictEqual([3, 1]);
  });

  it('rejects what is not an event list (events are 0-255)', () => {
    for (const bad of ['', '0-', 'a', '5-3', '0-256', '0,,1']) expect(parseEventList(bad)).toBeUndefined();
  });

  it('writes runs as ranges', () => {
    expect(formatEventList(parseEventList('0-15,16')!)).toBe('0-16');
    expect(formatEventList([16, 0, 1, 2, 5])).toBe('0-2,5,16');
    expect(formatEventList([])).toBe('');
  });

  it('without an fmtp, events 0-15 are assumed', () => {
    expect(formatEventList(DEFAULT_TELEPHONE_EVENTS)).toBe('0-15');
  });
});
