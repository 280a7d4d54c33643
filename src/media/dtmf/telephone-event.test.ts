import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RtpParseError } from '../rtp/rtp-parse-error.js';
import { digitOfEvent, eventOfDigit, isDtmfDigit, toneFrequencies } from './dtmf-digit.js';
import { TelephoneEvent } from './telephone-event.js';

describe('RFC 4733 telephone-event payload (§2.3)', () => {
  it('parses event, E, R, volume and duration', () => {
    const e = TelephoneEvent.unmarshal(Uint8Array.of(11, 0x8a, 0x03, 0x20));
    expect(e).toMatchObject({ event: 11, end: true, reserved: false, volume: 10, duration: 800 });
    expect(digitOfEvent(e.event)).toBe('#');
  });

  it('writes the bytes back, R bit included', () => {
    expect(Array.from(new TelephoneEvent(5, false, 10, 400).marshal())).toEqual([5, 0x0a, 0x01, 0x90]);
    expect(Array.from(TelephoneEvent.unmarshal(Uint8Array.of(1, 0xff, 0xff, 0xff)).marshal())).toEqual([1, 0xff, 0xff, 0xff]);
  });

  it('round-trips every 4-byte payload exactly, and rejects other lengths with RtpParseError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 8 }), (bytes) => {
        try {
          const e = TelephoneEvent.unmarshal(bytes);
          expect(Array.from(e.marshal())).toEqual(Array.from(bytes));
        } catch (err) {
          expect(err).toBeInstanceOf(RtpParseError);
          expect(bytes.length).not.toBe(4);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses out-of-range fields when serializing', () => {
    expect(() => new TelephoneEvent(1, false, 64, 0).marshal()).toThrow(RangeError);
    expect(() => new TelephoneEvent(1, false, 10, 0x10000).marshal()).toThrow(RangeError);
  });

  it('maps the 16 DTMF digits to event codes (§3.2) and tone pairs (Q.23)', () => {
    expect([..."0123456789*#ABCD"].map(eventOfDigit)).toEqual([...Array(16).keys()]);
    expect(eventOfDigit('a')).toBe(12);
    expect(digitOfEvent(16)).toBeNull(); // not DTMF
    expect(isDtmfDigit('#')).toBe(true);
    expect(isDtmfDigit('x')).toBe(false);
    expect(toneFrequencies('5')).toEqual([770, 1336]);
    expect(toneFrequencies('D')).toEqual([941, 1633]);
    expect(() => eventOfDigit('x')).toThrow(RangeError);
  });
});
