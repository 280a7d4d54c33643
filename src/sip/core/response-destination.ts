import type { Via } from '../message/index.js';
import type { InboundMessage, TransportAddress } from '../transport/transport-address.js';

/**
 * Where a response goes, RFC 3261 §18.2.2 with RFC 3581 §4: over a stream, back on the connection the request came
 * on (the caller passes its id; the address is the peer's); over UDP, to `received` (the source address the stack
 * recorded) at `rport` when the client asked for it, else at the sent-by port, default 5060.
 *
 * Takes the request (after the stack recorded received/rport in its top Via) or a response to it: they share that
 * Via. When the answer is the request's source address, the source object itself is returned, so a transaction that
 * keeps the destination keeps no string cut from the request's text.
 */
export function responseDestination(message: { readonly via: Via }, inbound: InboundMessage): TransportAddress {
  const source = inbound.source;
  if (source.transport !== 'udp') return source;
  const via = message.via;
  const address = via.received ?? via.host.replace(/^\[|\]$/g, '');
  const port = via.rport ?? via.port ?? 5060;
  if (address === source.address && port === source.port) return source;
  return { transport: 'udp', address, port };
}
