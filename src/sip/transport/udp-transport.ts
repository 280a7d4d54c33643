import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { InboundMessage, TransportAddress } from './transport-address.js';
import { TransportError } from './transport-error.js';

export interface UdpTransportOptions {
  host: string;
  /** 0 lets the OS choose (tests). */
  port: number;
  /** Datagrams larger than this are dropped on receipt and refused on send (RFC 3261 §18.1.1 asks for TCP above MTU). */
  maxMessageSize?: number;
  onMessage: (message: InboundMessage) => void;
  /** SO_RCVBUF to ask for; the kernel caps it at net.core.rmem_max. Default 4 MiB. */
  receiveBufferBytes?: number;
  /** Something went wrong that is worth a log line but not a crash (a send to an unreachable port, a dropped datagram). */
  onWarning?: (what: string, detail: Record<string, unknown>) => void;
}

/**
 * SIP over UDP (RFC 3261 §18): one socket per listener, used both to receive and to send, so answers and requests
 * leave from the address peers know (symmetric signalling, RFC 3581 relies on it).
 */
export class UdpTransport {
  private socket: Socket | null = null;
  private localAddress: TransportAddress | null = null;
  private readonly maxSize: number;

  constructor(private readonly options: UdpTransportOptions) {
    this.maxSize = options.maxMessageSize ?? 65_507;
  }

  /** Binds the socket; resolves with the address actually bound (the port chosen when 0 was asked). */
  listen(): Promise<TransportAddress> {
    // A 4 MiB receive buffer (capped by the kernel's rmem_max) absorbs bursts while the event loop is busy (a GC
    // pause): with the 208 KiB default, bench:sip-cps saw datagrams dropped and retransmitted at 750 calls/s.
    const socket = createSocket({
      type: isIPv6(this.options.host) ? 'udp6' : 'udp4',
      reuseAddr: false,
      recvBufferSize: this.options.receiveBufferBytes ?? 4 * 1024 * 1024,
    });
    this.socket = socket;
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(new TransportError(`cannot bind UDP ${this.options.host}:${this.options.port}: ${err.message}`, 'bind-failed', { cause: err }));
      socket.once('error', onError);
      socket.bind(this.options.port, this.options.host, () => {
        socket.off('error', onError);
        socket.on('error', (err) => this.options.onWarning?.('udp socket error', { err: err.message }));
        const a = socket.address();
        this.localAddress = { transport: 'udp', address: a.address, port: a.port };
        socket.on('message', (bytes, rinfo) => this.receive(bytes, rinfo.address, rinfo.port));
        resolve(this.localAddress);
      });
    });
  }

  get address(): TransportAddress {
    if (!this.localAddress) throw new TransportError('UDP transport is not listening', 'closed');
    return this.localAddress;
  }

  /** Sends one datagram. Errors (ICMP unreachable surfaces on Linux as ECONNREFUSED) become a rejected promise. */
  send(bytes: Uint8Array, to: TransportAddress): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new TransportError('UDP transport is closed', 'closed'));
    if (bytes.length > this.maxSize) {
      return Promise.reject(new TransportError(`message of ${bytes.length} bytes is over the UDP limit of ${this.maxSize}`, 'too-large'));
    }
    return new Promise((resolve, reject) => {
      // An IP address, never a name: a name would go through an asynchronous lookup on every send.
      socket.send(bytes, to.port, to.address, (err) => {
        if (err) reject(new TransportError(`UDP send to ${to.address}:${to.port} failed: ${err.message}`, 'send-failed', { cause: err }));
        else resolve();
      });
    });
  }

  close(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    if (!socket) return Promise.resolve();
    return new Promise((resolve) => socket.close(() => resolve()));
  }

  private receive(bytes: Buffer, address: string, port: number): void {
    if (bytes.length > this.maxSize) {
      this.options.onWarning?.('oversized datagram dropped', { from: `${address}:${port}`, size: bytes.length });
      return;
    }
    // RFC 5626 §4.4.1 / common practice: a bare CRLF (or CRLFCRLF) keep-alive over UDP carries no message.
    if (bytes.length <= 4 && bytes.every((b) => b === 0x0d || b === 0x0a)) return;
    this.options.onMessage({ bytes, source: { transport: 'udp', address, port }, local: this.address });
  }
}
