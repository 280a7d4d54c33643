import { hostKey, isIPv4, isIPv6 } from '../uri/host.js';

/** An address or a CIDR block could not be read (a configuration error: named, with the offending text). */
export class AddressRangeError extends Error {
  constructor(readonly text: string) {
    super(`not an IP address or CIDR block: ${JSON.stringify(text)}`);
    this.name = 'AddressRangeError';
  }
}

interface Ip {
  family: 4 | 6;
  value: bigint;
}

/**
 * An IPv4 or IPv6 address or CIDR block (`192.0.2.10`, `192.0.2.0/24`, `2001:db8::/32`, `::1`), matched against the
 * source address of a request. An IPv4-mapped IPv6 source (`::ffff:192.0.2.10`, what a dual-stack socket reports)
 * matches IPv4 ranges.
 */
export class AddressRange {
  private constructor(
    private readonly family: 4 | 6,
    private readonly network: bigint,
    private readonly prefix: number,
    readonly text: string,
  ) {}

  static parse(text: string): AddressRange {
    const slash = text.indexOf('/');
    const ip = parseIp(slash === -1 ? text : text.slice(0, slash));
    if (!ip) throw new AddressRangeError(text);
    const width = ip.family === 4 ? 32 : 128;
    let prefix = width;
    if (slash !== -1) {
      const bits = text.slice(slash + 1);
      if (!/^\d{1,3}$/.test(bits) || Number(bits) > width) throw new AddressRangeError(text);
      prefix = Number(bits);
    }
    return new AddressRange(ip.family, ip.value & mask(width, prefix), prefix, text);
  }

  /** Whether `address` (an IP literal, as the transport reports it) lies in this range. False for non-addresses. */
  contains(address: string): boolean {
    const ip = parseIp(address);
    if (!ip) return false;
    const v4 = ip.family === 6 && ip.value >> 32n === 0xffffn ? { family: 4 as const, value: ip.value & 0xffffffffn } : ip;
    if (v4.family !== this.family) return false;
    const width = this.family === 4 ? 32 : 128;
    return (v4.value & mask(width, this.prefix)) === this.network;
  }
}

function mask(width: number, prefix: number): bigint {
  const all = (1n << BigInt(width)) - 1n;
  return all ^ ((1n << BigInt(width - prefix)) - 1n);
}

function parseIp(text: string): Ip | undefined {
  const bare = text.replace(/^\[|\]$/g, '');
  if (isIPv4(bare)) {
    const value = bare.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
    return { family: 4, value };
  }
  // A zone index (fe80::1%eth0) is not part of the address.
  const noZone = bare.replace(/%.*$/, '');
  if (isIPv6(noZone)) return { family: 6, value: BigInt(`0x${hostKey(noZone, 'ipv6').replaceAll(':', '')}`) };
  return undefined;
}
