import { describe, expect, it } from 'vitest';
import { hostKey, isIPv4, isIPv6, parseHost } from './host.js';

describe('host (RFC 3261 §25.1 hostname / IPv4address / IPv6reference)', () => {
  it.each([
    ['example.com', 'hostname'],
    ['a-b.c_d.org.', 'hostname'],
    ['x', 'hostname'],
    ['192.0.2.1', 'ipv4'],
    ['[::1]', 'ipv6'],
    ['[2001:db8::1]', 'ipv6'],
    ['[::ffff:192.0.2.1]', 'ipv6'],
    ['[1:2:3:4:5:6:7:8]', 'ipv6'],
  ])('accepts %s as %s', (text, kind) => {
    expect(parseHost(text)?.kind).toBe(kind);
  });

  it.each(['', '.', 'a..b', '-a.com', 'a.-b', 'a b', '1.2.3', '1.2.3.256', '1.2.3.4.5', '[::1', '[1::2::3]', '[1:2:3:4:5:6:7:8:9]', '[12345::]', '[::1.2.3]', 'exa%mple.com'])(
    'rejects %j',
    (text) => expect(parseHost(text)).toBeNull(),
  );

  it('validates addresses', () => {
    expect(isIPv4('0.0.0.0')).toBe(true);
    expect(isIPv4('01.2.3.4')).toBe(true);
    expect(isIPv4('1234.2.3.4')).toBe(false);
    expect(isIPv6('::')).toBe(true);
    expect(isIPv6('1::')).toBe(true);
    expect(isIPv6(':1::')).toBe(false);
  });

  it('compares hosts case-insensitively and IPv6 by value', () => {
    expect(hostKey('AtLanTa.CoM', 'hostname')).toBe('atlanta.com');
    expect(hostKey('2001:DB8::1', 'ipv6')).toBe(hostKey('2001:db8:0:0:0:0:0:1', 'ipv6'));
  });
});
