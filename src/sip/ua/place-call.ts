import type { SipStack } from '../core/sip-stack.js';
import type { ReachabilityState } from '../keepalive/keep-alive-monitor.js';
import { NameAddr } from '../message/index.js';
import type { Binding } from '../registrar/location-service.js';
import type { Trunk } from '../trunk/trunk.js';
import { SipUri } from '../uri/index.js';
import type { OutboundCallOptions } from './outbound-call.js';
import { UserNotReachableError } from './ua-errors.js';

export interface TrunkCallOptions {
  sdp: string;
  /** The number to present (From user part); default the trunk's caller ID, else `anonymous`. */
  callerId?: string;
  /** A display name for From, e.g. the contact center's name. */
  displayName?: string;
  headers?: Array<[string, string]>;
}

export interface UserCallOptions {
  sdp: string;
  /** From, e.g. `"Queue Sales" <sip:+14155550123@holdless>`; default `<sip:holdless@our-address>`. */
  from?: string;
  headers?: Array<[string, string]>;
}

/**
 * The INVITE for a call out through a trunk: `sip:<number>@<trunk host:port>` as Request-URI and To, our caller ID
 * in From (RFC 3261 §8.1.1.3), sent to the trunk's address with its credentials for challenges. IP literals only: the
 * trunk's address is where the INVITE goes, with no DNS (RFC 3263 is not implemented).
 */
export function placeTrunkCall(stack: SipStack, trunk: Trunk, number: string, options: TrunkCallOptions, state: ReachabilityState): OutboundCallOptions {
  const [host, port] = [trunk.target.address, trunk.target.port];
  const to = SipUri.create({ user: number, host, port }).toString();
  const local = stack.localAddress(trunk.target.transport);
  const callerId = options.callerId ?? trunk.callerId ?? 'anonymous';
  const from = new NameAddr({ uri: SipUri.create({ user: callerId, host: local.address }), displayName: options.displayName });
  return {
    to,
    target: trunk.target,
    from: from.toString(),
    sdp: options.sdp,
    credentials: trunk.credentials,
    destination: { kind: 'trunk', trunk: trunk.name, trunkState: state },
    ...(options.headers ? { headers: options.headers } : {}),
  };
}

/**
 * The INVITE for an operator's phone (RFC 3261 §10, §16.5 without forking: the best contact only): Request-URI = the
 * registered contact, To = the address of record, sent over the flow its REGISTER came on (so a phone behind NAT is
 * reached through the mapping it keeps open), and the dialog keeps using that flow.
 */
export function placeUserCall(stack: SipStack, username: string, reachable: readonly Binding[], registered: boolean, options: UserCallOptions): OutboundCallOptions {
  const binding = reachable[0];
  if (!binding) throw new UserNotReachableError(username, registered ? 'contacts-down' : 'not-registered');
  const contact = NameAddr.parse(binding.contact, 'contact').uri;
  const to = contact.kind === 'sip' ? contact.withoutHeaders().toString() : contact.toString();
  const transport = binding.source.transport === 'tcp' ? 'tcp' : 'udp';
  const local = stack.localAddress(transport);
  const target = { transport, address: binding.source.address, port: binding.source.port, connectionId: binding.source.connectionId } as const;
  return {
    to,
    toHeader: `<${binding.aor ?? to}>`,
    target,
    useTargetFlow: true,
    from: options.from ?? `<${SipUri.create({ user: 'holdless', host: local.address, port: local.port }).toString()}>`,
    sdp: options.sdp,
    destination: { kind: 'user', username, contact: binding.key },
    ...(options.headers ? { headers: options.headers } : {}),
  };
}
