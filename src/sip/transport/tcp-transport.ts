import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { addressKey, type InboundMessage, type StreamFramer, type TransportAddress } from './transport-address.js';
import { TransportError } from './transport-error.js';

export interface TcpTransportOptions {
  host: string;
  port: number;
  /** A fresh framer per connection (the message layer's Content-Length framer). */
  framer: () => StreamFramer;
  onMessage: (message: InboundMessage) => void;
  onWarning?: (what: string, detail: Record<string, unknown>) => void;
  /** Connections idle this long are closed (RFC 3261 §18.3 leaves it to the implementation). Default 10 min. */
  idleTimeoutMs?: number;
  /** Inbound connections at most; more are refused at once. Default 10,000. */
  maxConnections?: number;
  /** Bytes queued for a slow reader before the connection is dropped. Default 1 MiB. */
  maxPendingWrite?: number;
  connectTimeoutMs?: number;
}

interface Connection {
  id: string;
  socket: Socket;
  remote: TransportAddress;
  framer: StreamFramer;
}

/**
 * SIP over TCP (RFC 3261 §18): a listener plus outgoing connections, one connection per remote address reused in
 * both directions (§18.2.2: responses go back on the connection the request came on; §18.1.1: a client reuses an
 * open connection to the same destination). Each connection frames its own byte stream.
 */
export class TcpTransport {
  private server: Server | null = null;
  private localAddress: TransportAddress | null = null;
  private readonly byId = new Map<string, Connection>();
  private readonly byRemote = new Map<string, Connection>();
  private readonly connecting = new Map<string, Promise<Connection>>();
  private nextId = 1;

  constructor(private readonly options: TcpTransportOptions) {}

  listen(): Promise<TransportAddress> {
    const server = createServer((socket) => this.accept(socket));
    server.maxConnections = this.options.maxConnections ?? 10_000;
    this.server = server;
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(new TransportError(`cannot listen on TCP ${this.options.host}:${this.options.port}: ${err.message}`, 'bind-failed', { cause: err }));
      server.once('error', onError);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', onError);
        const a = server.address();
        if (!a || typeof a === 'string') return reject(new TransportError('TCP listener has no address', 'bind-failed'));
        this.localAddress = { transport: 'tcp', address: a.address, port: a.port };
        resolve(this.localAddress);
      });
    });
  }

  get address(): TransportAddress {
    if (!this.localAddress) throw new TransportError('TCP transport is not listening', 'closed');
    return this.localAddress;
  }

  get connectionCount(): number {
    return this.byId.size;
  }

  /**
   * Sends on the given connection if it is still open, else on any open connection to `to`, else on a new one.
   */
  async send(bytes: Uint8Array, to: TransportAddress, connectionId?: string): Promise<void> {
    let conn = connectionId !== undefined ? this.byId.get(connectionId) : undefined;
    conn ??= this.byRemote.get(addressKey(to)) ?? (await this.connect(to));
    const max = this.options.maxPendingWrite ?? 1 << 20;
    if (conn.socket.writableLength > max) {
      conn.socket.destroy();
      throw new TransportError(`TCP peer ${addressKey(to)} does not read: connection dropped`, 'send-failed');
    }
    await new Promise<void>((resolve, reject) =>
      conn.socket.write(bytes, (err) => (err ? reject(new TransportError(`TCP send to ${addressKey(to)} failed: ${err.message}`, 'send-failed', { cause: err })) : resolve())),
    );
  }

  async close(): Promise<void> {
    for (const c of this.byId.values()) c.socket.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private connect(to: TransportAddress): Promise<Connection> {
    const key = addressKey(to);
    let pending = this.connecting.get(key);
    if (pending) return pending;
    pending = new Promise<Connection>((resolve, reject) => {
      const socket = createConnection({ host: to.address, port: to.port, localAddress: this.localAddress?.address });
      const timer = setTimeout(() => socket.destroy(new Error('connect timeout')), this.options.connectTimeoutMs ?? 5_000);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(this.adopt(socket, to));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(new TransportError(`TCP connect to ${key} failed: ${err.message}`, 'connect-failed', { cause: err }));
      });
    }).finally(() => this.connecting.delete(key));
    this.connecting.set(key, pending);
    return pending;
  }

  private accept(socket: Socket): void {
    const address = socket.remoteAddress;
    const port = socket.remotePort;
    if (!address || port === undefined) {
      socket.destroy();
      return;
    }
    this.adopt(socket, { transport: 'tcp', address: address.replace(/^::ffff:/, ''), port });
  }

  private adopt(socket: Socket, remote: TransportAddress): Connection {
    const conn: Connection = { id: `tcp-${this.nextId++}`, socket, remote, framer: this.options.framer() };
    this.byId.set(conn.id, conn);
    this.byRemote.set(addressKey(remote), conn);
    socket.setNoDelay(true);
    socket.setTimeout(this.options.idleTimeoutMs ?? 600_000, () => socket.destroy());
    socket.on('data', (chunk) => this.receive(conn, chunk));
    socket.on('error', (err) => this.options.onWarning?.('tcp connection error', { remote: addressKey(remote), err: err.message }));
    socket.on('close', () => {
      this.byId.delete(conn.id);
      if (this.byRemote.get(addressKey(remote)) === conn) this.byRemote.delete(addressKey(remote));
    });
    return conn;
  }

  private receive(conn: Connection, chunk: Buffer): void {
    let out;
    try {
      out = conn.framer.push(chunk);
    } catch (err) {
      // A stream that cannot be framed cannot be resynchronised (RFC 3261 §18.3): close it.
      this.options.onWarning?.('unframeable TCP stream closed', { remote: addressKey(conn.remote), err: String(err) });
      conn.socket.destroy();
      return;
    }
    for (const item of out) {
      if (item.kind === 'ping') {
        conn.socket.write('\r\n');
        continue;
      }
      this.options.onMessage({ bytes: item.bytes, source: conn.remote, local: this.address, connectionId: conn.id });
    }
  }
}
