/** Where a SIP message comes from or goes to, at the transport level (RFC 3261 §18). */
export type SipTransportName = 'udp' | 'tcp';

export interface TransportAddress {
  transport: SipTransportName;
  /** An IP address (v4 or v6, without brackets). Names are resolved before they reach the transport. */
  address: string;
  port: number;
}

/**
 * A flow (RFC 5626 §3.3): an address plus, over a stream transport, the connection a peer opened to us. Requests to a
 * phone behind NAT go back over the flow its REGISTER came on; the connection is used while it is open.
 */
export interface Flow extends TransportAddress {
  connectionId?: string | undefined;
}

/** The key connections and rate limits are indexed by: `udp:127.0.0.1:5060`, `tcp:[::1]:5061`. */
export function addressKey(a: TransportAddress): string {
  return `${a.transport}:${a.address.includes(':') ? `[${a.address}]` : a.address}:${a.port}`;
}

/** A message as it arrived: its bytes, who sent it, and on which of our listeners. */
export interface InboundMessage {
  bytes: Uint8Array;
  source: TransportAddress;
  /** Our own address it arrived on (for Via/Contact of answers and for logs). */
  local: TransportAddress;
  /** Stream transports: the connection, so the answer goes back on it (RFC 3261 §18.2.2). */
  connectionId?: string | undefined;
}

/** A stream framer turns a byte stream into whole SIP messages (RFC 3261 §18.3: Content-Length framing). */
export interface StreamFramer {
  /** Feeds bytes; returns the messages completed by them. Throws when the stream can no longer be framed. */
  push(chunk: Uint8Array): StreamFramerOutput[];
}

export type StreamFramerOutput =
  | { kind: 'message'; bytes: Uint8Array }
  /** RFC 5626 §4.4.1: a double-CRLF "ping" that the transport answers with a single CRLF "pong". */
  | { kind: 'ping' };
