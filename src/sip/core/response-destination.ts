import type { SipResponse } from '../message/index.js';
import type { InboundMessage, TransportAddress } from '../transport/transport-address.js';

/**
 * Where a response goes, RFC 3261 §18.2.2 with RFC 3581 §4: over a stream, back on the connection the request came
 * on (the caller passes its id; the address is the peer's); over UDP, to `received` (the source address the stack
 * recorded) at `rport` when the client asked for it, else at the sent-by port, default 5060.
 */
export function responseDestination(response: SipResponse, inbound: InboundMessage): TransportAddress {
  if (inbound.source.transport !== 'udp') return inbound.source;
  const via = response.via;
  const address = via.received ?? via.host.replace(/^\[|\]$/g, '');
  const port = via.rport ?? via.port ?? 5060;
  return { transport: 'udp', address, port };
}
