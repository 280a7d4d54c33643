/**
 * The datagram socket a media leg sends and receives on, as a narrow port: `udp-media-socket.ts` implements it with
 * Node's `dgram` (the only file of the leg that touches the network, ARCHITECTURE.md), unit tests with a fake.
 */

/** Called once per received datagram; `bytes` is the caller's to keep or drop (the leg parses views into it). */
export type DatagramHandler = (bytes: Uint8Array, address: string, port: number) => void;

export interface MediaSocket {
  /** The local port the socket is bound to. */
  readonly port: number;
  /** The local address the socket is bound to. */
  readonly address: string;
  /**
   * Sends `bytes` (the whole view) to an IP address, synchronously where the OS allows. Never throws for network
   * errors (UDP is best effort); `bytes` must stay untouched until the next few sends (the OS may queue it).
   */
  send(bytes: Uint8Array, port: number, address: string): void;
  /** Sets the one receive handler (replacing any previous one). */
  onDatagram(handler: DatagramHandler): void;
  /** Socket-level problems worth a log line (not per packet). */
  onWarning(handler: (error: Error) => void): void;
  close(): Promise<void>;
}

/** Binds a socket to `host:port` (port 0: the OS picks). Rejects with `MediaEndpointError('bind-failed')` or an
 * error whose `code` is `EADDRINUSE` when the port is taken (the allocator then tries another). */
export type MediaSocketFactory = (host: string, port: number) => Promise<MediaSocket>;
