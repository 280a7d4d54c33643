import { describe, expect, it } from 'vitest';
import { parseUri } from './uri.js';
import { uriEquals } from './uri-equals.js';

const eq = (a: string, b: string): boolean => uriEquals(parseUri(a), parseUri(b));

describe('uriEquals (RFC 3261 §19.1.4)', () => {
  it.each([
    ['sip:%61lice@atlanta.com;transport=TCP', 'sip:alice@AtLanTa.CoM;Transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;newparam=5'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;security=on'],
    ['sip:carol@chicago.com;newparam=5', 'sip:carol@chicago.com;security=on'],
    ['sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com', 'sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com'],
    ['sip:alice@atlanta.com?subject=project%20x&priority=urgent', 'sip:alice@atlanta.com?priority=urgent&subject=project%20x'],
    ['sip:a@[2001:db8::1]', 'sip:a@[2001:DB8:0:0:0:0:0:1]'],
  ])('the RFC says these are equivalent: %s = %s', (a, b) => {
    expect(eq(a, b)).toBe(true);
    expect(eq(b, a)).toBe(true);
  });

  it.each([
    ['SIP:ALICE@AtLanTa.CoM;Transport=udp', 'sip:alice@AtLanTa.CoM;Transport=UDP'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:5060'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com;transport=udp'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:6000;transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com?Subject=next%20meeting'],
    ['sip:bob@phone21.boxesbybob.com', 'sip:bob@192.0.2.4'],
    ['sip:carol@chicago.com;security=on', 'sip:carol@chicago.com;security=off'],
    ['sip:alice@atlanta.com', 'sips:alice@atlanta.com'],
    ['sip:alice@atlanta.com;maddr=1.2.3.4', 'sip:alice@atlanta.com'],
    ['sip:alice@atlanta.com', 'tel:+1234'],
  ])('the RFC says these are not equivalent: %s ≠ %s', (a, b) => {
    expect(eq(a, b)).toBe(false);
    expect(eq(b, a)).toBe(false);
  });

  it('compares tel URIs ignoring visual separators (RFC 3966 §4)', () => {
    expect(eq('tel:+1-201-555-0123', 'tel:+1(201)5550123')).toBe(true);
    expect(eq('tel:7042;phone-context=Example.com', 'tel:7042;phone-context=example.com')).toBe(true);
    expect(eq('tel:+1-201-555-0123', 'tel:+1-201-555-0124')).toBe(false);
    expect(eq('tel:+1234;ext=1', 'tel:+1234')).toBe(false);
  });

  it('compares other schemes by scheme (case-insensitive) and text', () => {
    expect(eq('HTTP://example.com', 'http://example.com')).toBe(true);
    expect(eq('http://example.com/A', 'http://example.com/a')).toBe(false);
  });
});
