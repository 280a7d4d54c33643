import type { Rng } from '../../lib/rng.js';
import { DigestClient } from '../auth/index.js';
import { isIPv4, isIPv6 } from '../uri/host.js';
import type { SipTransportName, TransportAddress } from '../transport/transport-address.js';
import { AddressRange, AddressRangeError } from './address-range.js';
import { TrunkConfigError } from './trunk-errors.js';

/** A carrier's SIP trunk as the configuration describes it (docs/configuration.md, `trunks`). */
export interface TrunkDefinition {
  name: string;
  /** `host:port` (`[v6]:port`), the port defaulting to 5060. The host must be an IP literal: no DNS (docs/sip.md). */
  address: string;
  /** Default `udp`. */
  transport?: SipTransportName | undefined;
  /** IPs and CIDR blocks (IPv4 and IPv6) whose INVITEs come in through this trunk without digest authentication. */
  allowedSources: readonly string[];
  /** Digest credentials for the carrier's challenges to our INVITEs (RFC 3261 §22.2). Both or neither. */
  username?: string | undefined;
  password?: string | undefined;
  /** The number we present on calls out (From user part), e.g. `+18005550100`. */
  callerId?: string | undefined;
}

/**
 * One trunk, checked and ready: where its INVITEs go, which sources it accepts calls from, and the digest client that
 * answers its challenges (one per trunk, so nonce counts continue across calls, RFC 7616 §3.4).
 */
export class Trunk {
  readonly name: string;
  readonly target: TransportAddress;
  readonly callerId: string | undefined;
  readonly credentials: DigestClient | undefined;
  private readonly sources: AddressRange[];

  constructor(def: TrunkDefinition, rng: Rng) {
    this.name = def.name;
    this.target = parseTarget(def);
    this.callerId = def.callerId;
    this.sources = def.allowedSources.map((s) => {
      try {
        return AddressRange.parse(s);
      } catch (e) {
        if (e instanceof AddressRangeError) throw new TrunkConfigError(def.name, 'allowedSources', e.message);
        throw e;
      }
    });
    if ((def.username === undefined) !== (def.password === undefined)) {
      throw new TrunkConfigError(def.name, 'password', 'username and password go together');
    }
    this.credentials = def.username !== undefined ? new DigestClient({ username: def.username, password: def.password!, rng }) : undefined;
  }

  /** Whether a request from `address` comes in through this trunk. */
  acceptsSource(address: string): boolean {
    return this.sources.some((r) => r.contains(address));
  }

  /** `host:port` for Request-URIs (`sip:number@host:port`). */
  get hostport(): string {
    const a = this.target.address;
    return `${a.includes(':') ? `[${a}]` : a}:${this.target.port}`;
  }
}

function parseTarget(def: TrunkDefinition): TransportAddress {
  const m = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d{1,5}))?$/.exec(def.address);
  const host = m?.[1] ?? m?.[2];
  const port = m?.[3] === undefined ? 5060 : Number(m[3]);
  if (!m || host === undefined || port < 1 || port > 65535) {
    throw new TrunkConfigError(def.name, 'address', `expected host:port, got ${JSON.stringify(def.address)}`);
  }
  if (!(isIPv4(host) || isIPv6(host))) {
    throw new TrunkConfigError(def.name, 'address', `the host must be an IP address (no DNS lookups), got ${JSON.stringify(host)}`);
  }
  return { transport: def.transport ?? 'udp', address: host, port };
}
