/**
 * `MediaSocket` over Node's `dgram`: one UDP socket per RTP (or RTCP) port.
 *
 * Two details matter at thousands of packets per second (TOOLING.md, measured on this machine):
 * - An unconnected `send` to an address runs Node's `lookup`, which defers the send to the next tick even for an IP
 *   literal (`dns.lookup` answers through `process.nextTick`). The socket gets a synchronous `lookup` that returns the
 *   literal as is, so the datagram leaves inside `send` (libuv's `uv_udp_try_send`). Only IP addresses reach here:
 *   SDP carries addresses, and a name would need a real resolver (RFC 4566 §5.7 allows one; we do not support it).
 * - No callback is passed to `send`, so Node allocates no completion closure per packet.
 * The socket is not `connect`ed: a connected UDP socket drops datagrams from any other source, which would defeat
 * symmetric RTP latching (the peer's real address is learned from what arrives).
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIP, isIPv6 } from 'node:net';
import type { DatagramHandler, MediaSocket } from './media-socket.js';
import { MediaEndpointError } from './media-endpoint-error.js';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

let lastAddress = '';
let lastFamily = 0;

/**
 * Returns the IP literal as is, synchronously (dgram calls it as `lookup(address, family, callback)` on every send).
 * The last answer is cached: a leg sends to one address for its whole life, and `isIP` is a regular expression.
 */
function literalLookup(address: string, _familyOrOptions: unknown, callback: LookupCallback): void {
  if (address === lastAddress) {
    callback(null, address, lastFamily);
    return;
  }
  const family = isIP(address);
  if (family !== 0) {
    lastAddress = address;
    lastFamily = family;
  }
  if (family === 0) {
    const err: NodeJS.ErrnoException = new Error(`media destination must be an IP address, got '${address}'`);
    err.code = 'EINVAL';
    callback(err, address, 4);
    return;
  }
  callback(null, address, family);
}

class UdpMediaSocket implements MediaSocket {
  private handler: DatagramHandler = () => {};
  private warn: (error: Error) => void = () => {};
  private closed = false;

  constructor(
    private readonly socket: Socket,
    readonly address: string,
    readonly port: number,
  ) {
    socket.on('message', (bytes, rinfo) => this.handler(bytes, rinfo.address, rinfo.port));
    socket.on('error', (err) => this.warn(err));
  }

  send(bytes: Uint8Array, port: number, address: string): void {
    if (this.closed) return;
    this.socket.send(bytes, port, address);
  }

  onDatagram(handler: DatagramHandler): void {
    this.handler = handler;
  }

  onWarning(handler: (error: Error) => void): void {
    this.warn = handler;
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

/** Binds a UDP socket on `host:port`. An `EADDRINUSE` rejection keeps its `code` so the caller can try another port. */
export function bindUdpMediaSocket(host: string, port: number): Promise<MediaSocket> {
  const socket = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4', reuseAddr: false, lookup: literalLookup });
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      try {
        socket.close();
      } catch {
        // Already closed by the failed bind.
      }
      if (err.code === 'EADDRINUSE') reject(err);
      else reject(new MediaEndpointError('bind-failed', `cannot bind UDP ${host}:${port}: ${err.message}`, { cause: err }));
    };
    socket.once('error', onError);
    socket.bind(port, host, () => {
      socket.off('error', onError);
      const bound = socket.address();
      resolve(new UdpMediaSocket(socket, bound.address, bound.port));
    });
  });
}
