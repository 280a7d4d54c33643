import { describe, expect, it } from 'vitest';
import { ParseError } from '../message/parse-error.js';
import { TelUri } from './tel-uri.js';
import { parseUri } from './uri.js';

describe('TelUri (RFC 3966)', () => {
  it('reads a global number with an extension', () => {
    const t = TelUri.parse('tel:+1-201-555-0123;ext=1234');
    expect(t.isGlobal).toBe(true);
    expect(t.digits).toBe('+12015550123');
    expect(t.extension).toBe('1234');
    expect(t.toString()).toBe('tel:+1-201-555-0123;ext=1234');
  });

  it('reads a local number with its phone-context', () => {
    const t = TelUri.parse('tel:7042;phone-context=example.com');
    expect(t.isGlobal).toBe(false);
    expect(t.phoneContext).toBe('example.com');
    const t2 = TelUri.parse('tel:863-1234;phone-context=+1-914-555');
    expect(t2.phoneContext).toBe('+1-914-555');
    expect(t2.digits).toBe('8631234');
  });

  it('accepts local numbers with * and # and hex digits', () => {
    expect(TelUri.parse('tel:*67#;phone-context=example.com').digits).toBe('*67#');
  });

  it('is lenient about a local number without phone-context (documented deviation from §5.1.5)', () => {
    expect(TelUri.parse('tel:5551234').phoneContext).toBeUndefined();
  });

  it.each(['tel:', 'tel:+', 'tel:+1-abc', 'tel:12 34', 'tel:+1;;ext=1', 'tel:+1;ext=', 'tel:+1;e%t=1'])(
    'rejects %s',
    (text) => expect(() => TelUri.parse(text)).toThrow(ParseError),
  );

  it('parseUri dispatches on the scheme, case-insensitively', () => {
    expect(parseUri('TEL:+4930123').kind).toBe('tel');
    expect(parseUri('sip:a@b').kind).toBe('sip');
    expect(parseUri('urn:service:sos').kind).toBe('absolute');
  });

  it('create() round-trips through parse()', () => {
    const t = TelUri.create('+1-201-555-0123', [['ext', '22'], ['phone-context', 'example.com']]);
    expect(TelUri.parse(t.toString())).toEqual(t);
  });
});
