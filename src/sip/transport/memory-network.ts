import type { InboundMessage, TransportAddress } from './transport-address.js';
import { TransportError } from './transport-error.js';

/** What the stack needs from a datagram transport: send to an address, and close. */
export interface DatagramEndpoint {
  readonly address: TransportAddress;
  send(bytes: Uint8Array, to: TransportAddress): Promise<void>;
  close(): Promise<void>;
}

/** Something that hands out datagram endpoints: the in-memory network below (the real one is UdpTransport). */
export interface DatagramNetwork {
  bind(host: string, port: number, onMessage: (message: InboundMessage) => void): DatagramEndpoint;
}

/**
 * A datagram network in process memory, for unit tests of the user agent in fake time (ARCHITECTURE.md: unit tests
 * run without sockets). It behaves like UDP on a loopback: each endpoint has an address, datagrams arrive whole and
 * asynchronously (on a microtask, never inside the sender's call stack), datagrams to an unbound address vanish.
 * `drop` lets a test lose packets to exercise retransmission timers.
 */
export class MemoryNetwork implements DatagramNetwork {
  private readonly endpoints = new Map<string, (message: InboundMessage) => void>();
  private nextPort = 40_000;
  /** Return true to lose a datagram (UDP loss). */
  drop: ((bytes: Uint8Array, from: TransportAddress, to: TransportAddress) => boolean) | undefined;
  /** Every datagram put on the network, in order (for assertions). */
  readonly log: Array<{ from: TransportAddress; to: TransportAddress; text: string }> = [];

  bind(host: string, port: number, onMessage: (message: InboundMessage) => void): DatagramEndpoint {
    let chosen = port;
    if (chosen === 0) {
      do chosen = this.nextPort++;
      while (this.endpoints.has(key(host, chosen)));
    }
    const k = key(host, chosen);
    if (this.endpoints.has(k)) throw new TransportError(`memory address ${k} is in use`, 'bind-failed');
    this.endpoints.set(k, onMessage);
    const address: TransportAddress = { transport: 'udp', address: host, port: chosen };
    let open = true;
    return {
      address,
      send: (bytes, to) => {
        if (!open) return Promise.reject(new TransportError('memory endpoint is closed', 'closed'));
        const copy = Uint8Array.from(bytes);
        this.log.push({ from: address, to, text: Buffer.from(copy).toString('utf8') });
        if (this.drop?.(copy, address, to)) return Promise.resolve();
        queueMicrotask(() => {
          const target = this.endpoints.get(key(to.address, to.port));
          target?.({ bytes: copy, source: address, local: { transport: 'udp', address: to.address, port: to.port } });
        });
        return Promise.resolve();
      },
      close: () => {
        open = false;
        this.endpoints.delete(k);
        return Promise.resolve();
      },
    };
  }
}

function key(host: string, port: number): string {
  return `${host}|${port}`;
}
