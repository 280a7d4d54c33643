import { describe, expect, it } from 'vitest';
import { ParseError } from './parse-error.js';
import { Via } from './via.js';

describe('Via (RFC 3261 §20.42, RFC 3581)', () => {
  it('reads sent-protocol, sent-by and params with LWS around separators (RFC 4475 §3.1.1.1)', () => {
    const v = Via.parse('SIP  / 2.0  / TCP     spindle.example.com   ; branch  =   z9hG4bK9ikj8');
    expect([v.protocolName, v.protocolVersion, v.transport, v.host, v.port]).toEqual(['SIP', '2.0', 'TCP', 'spindle.example.com', undefined]);
    expect(v.branch).toBe('z9hG4bK9ikj8');
    expect(v.hasMagicCookie).toBe(true);
    expect(v.toString()).toBe('SIP/2.0/TCP spindle.example.com;branch=z9hG4bK9ikj8');
  });

  it('reads rport with and without a value, received, ttl, maddr', () => {
    const a = Via.parse('SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-;rport');
    expect(a.hasRport).toBe(true);
    expect(a.rport).toBeUndefined();
    expect(a.port).toBe(5070);
    const b = a.withReceived('192.0.2.7', 40123);
    expect(b.toString()).toBe('SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-;rport=40123;received=192.0.2.7');
    expect(Via.parse(b.toString())).toEqual(b);
    const c = Via.parse('SIP/2.0/UDP [2001:db8::9]:5060;received=2001:db8::1;maddr=224.2.0.1;ttl=16;branch=z9hG4bKx');
    expect([c.host, c.hostKind, c.received, c.maddr, c.ttl]).toEqual(['2001:db8::9', 'ipv6', '2001:db8::1', '224.2.0.1', 16]);
    expect(c.sentBy).toBe('[2001:db8::9]:5060');
  });

  it('accepts unknown transports (RFC 4475 §3.1.1.10) and an empty RFC 3261 branch (§3.2.1)', () => {
    expect(Via.parse('SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en').transport).toBe('UNKNOWN');
    const v = Via.parse('SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK');
    expect(v.branch).toBe('z9hG4bK');
    expect(v.hasMagicCookie).toBe(true);
  });

  it.each([
    'SIP/2.0/UDP 192.0.2.15;;',
    'SIP/2.0/UDP',
    'SIP/2.0 192.0.2.15',
    'SIP/2.0/UDP 192.0.2.15:99999',
    'SIP/2.0/UDP 192.0.2.15;received=not-an-ip',
    'SIP/2.0/UDP 192.0.2.15;rport=x',
    'SIP/2.0/UDP 192.0.2.15;ttl=300',
    'SIP/2.0/UDP 192.0.2.15;branch',
    'SIP/2.0/UDP [::1;branch=z9hG4bK1',
    'SIP/2.0/UDP host junk',
  ])('rejects %s', (text) => {
    expect(() => Via.parse(text)).toThrow(ParseError);
  });
});
