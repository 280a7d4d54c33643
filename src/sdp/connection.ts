import { SdpParseError } from './sdp-errors.js';
import type { Connection, MediaDescription, SessionDescription } from './session-description.js';

/**
 * `c=` lines (RFC 8866 §5.7):
 *
 *   c=IN IP4 192.0.2.10            unicast
 *   c=IN IP4 233.252.0.1/127       multicast, TTL 127
 *   c=IN IP4 233.252.0.1/127/3     multicast, TTL 127, three consecutive addresses
 *   c=IN IP6 ff15::101/3           IPv6 multicast has no TTL, only the address count
 *
 * Telephony is unicast, but the multicast forms are legal and must not make a description unreadable, so they are
 * parsed into `ttl` / `addressCount` and written back the same way.
 */

const DECIMAL = /^\d{1,10}$/;

/** Reads the value of a `c=` line; `line` is used for the error only. */
export function parseConnection(value: string, line: number): Connection {
  const parts = value.split(' ');
  if (parts.length !== 3 || parts.some((p) => p === '')) {
    throw new SdpParseError(line, "c= needs '<nettype> <addrtype> <connection-address>' separated by single spaces");
  }
  const [netType, addrType, raw] = parts as [string, string, string];
  if (netType !== 'IN' || (addrType !== 'IP4' && addrType !== 'IP6') || !raw.includes('/')) {
    return { netType, addrType, address: raw };
  }
  const [address, ...suffixes] = raw.split('/');
  if (!address) throw new SdpParseError(line, 'c= address is empty');
  const numbers = suffixes.map((s) => {
    if (!DECIMAL.test(s)) throw new SdpParseError(line, `c= '/${s}' is not a decimal number`);
    return Number(s);
  });
  if (addrType === 'IP6') {
    // RFC 8866 §5.7: "IPv6 multicast does not use TTL scoping", so the one suffix is the number of addresses.
    if (numbers.length !== 1) throw new SdpParseError(line, 'c= IPv6 address takes at most one /<number of addresses>');
    return { netType, addrType, address, addressCount: checkCount(numbers[0]!, line) };
  }
  if (numbers.length > 2) throw new SdpParseError(line, 'c= IPv4 address takes at most /<ttl>/<number of addresses>');
  const ttl = numbers[0]!;
  if (ttl > 255) throw new SdpParseError(line, `c= TTL ${ttl} is over 255 (RFC 8866 §5.7)`);
  const connection: Connection = { netType, addrType, address, ttl };
  if (numbers.length === 2) connection.addressCount = checkCount(numbers[1]!, line);
  return connection;
}

function checkCount(count: number, line: number): number {
  if (count < 1) throw new SdpParseError(line, 'c= number of addresses must be at least 1');
  return count;
}

/**
 * Writes the value of a `c=` line. `ttl` and `addressCount` are written only where they have a wire form (`IN IP4`:
 * both, `IN IP6`: the count).
 */
export function serializeConnection(c: Connection): string {
  let address = c.address;
  if (c.netType === 'IN' && c.addrType === 'IP4' && c.ttl !== undefined) {
    address += `/${c.ttl}`;
    if (c.addressCount !== undefined) address += `/${c.addressCount}`;
  } else if (c.netType === 'IN' && c.addrType === 'IP6' && c.addressCount !== undefined) {
    address += `/${c.addressCount}`;
  }
  return `${c.netType} ${c.addrType} ${address}`;
}

/**
 * The connection that applies to a media section: its own first `c=` line, else the session-level one (RFC 8866
 * §5.7: "A session description MUST contain either at least one "c=" line in each media description or a single
 * "c=" line at the session level"). Undefined when neither exists.
 */
export function connectionOf(session: SessionDescription, media: MediaDescription): Connection | undefined {
  return media.connections[0] ?? session.connection;
}

/** `IP6` for addresses that contain a colon, `IP4` otherwise (host names are written as IP4, as most UAs do). */
export function addrTypeOf(address: string): 'IP4' | 'IP6' {
  return address.includes(':') ? 'IP6' : 'IP4';
}
