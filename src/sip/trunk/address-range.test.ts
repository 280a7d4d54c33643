import { describe, expect, it } from 'vitest';
import { AddressRange, AddressRangeError } from './address-range.js';

describe('AddressRange (trunk allowed sources)', () => {
  it('matches a single IPv4 address and nothing else', () => {
    const r = AddressRange.parse('192.0.2.10');
    expect(r.contains('192.0.2.10')).toBe(true);
    expect(r.contains('192.0.2.11')).toBe(false);
  });

  it('matches an IPv4 CIDR block at its edges', () => {
    const r = AddressRange.parse('10.1.0.0/16');
    expect(r.contains('10.1.0.0')).toBe(true);
    expect(r.contains('10.1.255.255')).toBe(true);
    expect(r.contains('10.2.0.0')).toBe(false);
    expect(AddressRange.parse('0.0.0.0/0').contains('203.0.113.9')).toBe(true);
  });

  it('normalizes a block written with host bits set', () => {
    expect(AddressRange.parse('10.1.2.3/8').contains('10.200.0.1')).toBe(true);
  });

  it('matches IPv6 addresses and blocks whatever their spelling', () => {
    expect(AddressRange.parse('2001:db8::/32').contains('2001:0db8:ffff::1')).toBe(true);
    expect(AddressRange.parse('2001:db8::/32').contains('2001:db9::1')).toBe(false);
    expect(AddressRange.parse('::1').contains('0:0:0:0:0:0:0:1')).toBe(true);
    expect(AddressRange.parse('[::1]').contains('::1')).toBe(true);
  });

  it('an IPv4-mapped IPv6 source matches IPv4 ranges; families do not mix otherwise', () => {
    expect(AddressRange.parse('192.0.2.0/24').contains('::ffff:192.0.2.7')).toBe(true);
    expect(AddressRange.parse('192.0.2.0/24').contains('2001:db8::1')).toBe(false);
    expect(AddressRange.parse('::/0').contains('192.0.2.1')).toBe(false);
  });

  it('refuses what is not an address or block with a typed error', () => {
    for (const bad of ['', 'example.com', '10.0.0.0/33', '::/129', '10.0.0.0/', '1.2.3.4/x', '300.1.1.1']) {
      expect(() => AddressRange.parse(bad), bad).toThrow(AddressRangeError);
    }
    expect(AddressRange.parse('10.0.0.0/8').contains('not-an-ip')).toBe(false);
  });
});
