/**
 * Test doubles for the media legs: a loopback "network" of fake sockets that delivers datagrams synchronously and
 * records them, and a pacer whose time moves only when told, so a leg runs through seconds of media in microseconds.
 */
import type { Pacer } from '../clock/media-clock.js';
import type { DatagramHandler, MediaSocket, MediaSocketFactory } from './media-socket.js';

export interface SentDatagram {
  from: { address: string; port: number };
  to: { address: string; port: number };
  bytes: Uint8Array;
}

export class FakeNetwork {
  readonly sockets = new Map<string, FakeSocket>();
  readonly sent: SentDatagram[] = [];
  /** Ports that refuse to bind (another process holds them). */
  readonly taken = new Set<number>();

  readonly factory: MediaSocketFactory = (host, port) => {
    if (this.taken.has(port) || this.sockets.has(`${host}:${port}`)) {
      const err: NodeJS.ErrnoException = new Error(`EADDRINUSE ${host}:${port}`);
      err.code = 'EADDRINUSE';
      return Promise.reject(err);
    }
    const socket = new FakeSocket(this, host, port === 0 ? 40000 + this.sockets.size * 2 : port);
    this.sockets.set(`${host}:${socket.port}`, socket);
    return Promise.resolve(socket);
  };

  /** A socket outside any leg (a phone, a far end) on `port`. */
  async peer(port: number, host = '127.0.0.1'): Promise<FakeSocket> {
    return (await this.factory(host, port)) as FakeSocket;
  }

  deliver(datagram: SentDatagram): void {
    this.sent.push(datagram);
    this.sockets.get(`${datagram.to.address}:${datagram.to.port}`)?.receive(datagram);
  }

  /** Datagrams sent to `port`. */
  to(port: number): SentDatagram[] {
    return this.sent.filter((d) => d.to.port === port);
  }
}

export class FakeSocket implements MediaSocket {
  private handler: DatagramHandler = () => {};
  readonly received: SentDatagram[] = [];
  closed = false;

  constructor(
    private readonly net: FakeNetwork,
    readonly address: string,
    readonly port: number,
  ) {}

  send(bytes: Uint8Array, port: number, address: string): void {
    if (this.closed) return;
    // Copy: the leg reuses its buffers, a real socket copies into the kernel.
    this.net.deliver({ from: { address: this.address, port: this.port }, to: { address, port }, bytes: Uint8Array.from(bytes) });
  }

  /** Sends as if from another address (a NAT, a spoofer). */
  sendFrom(from: { address: string; port: number }, bytes: Uint8Array, port: number, address = '127.0.0.1'): void {
    this.net.deliver({ from, to: { address, port }, bytes: Uint8Array.from(bytes) });
  }

  receive(d: SentDatagram): void {
    if (this.closed) return;
    this.received.push(d);
    this.handler(d.bytes, d.from.address, d.from.port);
  }

  onDatagram(handler: DatagramHandler): void {
    this.handler = handler;
  }

  onWarning(): void {}

  close(): Promise<void> {
    this.closed = true;
    this.net.sockets.delete(`${this.address}:${this.port}`);
    return Promise.resolve();
  }
}

/** Time that moves only through `run(untilMs)`, firing wake-ups in order. */
export class FakePacer implements Pacer {
  t = 0;
  private queue: { at: number; fn: () => void; dead: boolean }[] = [];

  now(): number {
    return this.t;
  }

  wakeAt(at: number, fn: () => void): { cancel(): void } {
    const item = { at, fn, dead: false };
    this.queue.push(item);
    return { cancel: () => (item.dead = true) };
  }

  run(until: number): void {
    for (;;) {
      this.queue = this.queue.filter((q) => !q.dead);
      this.queue.sort((a, b) => a.at - b.at);
      const q = this.queue[0];
      if (!q || q.at > until) break;
      this.queue.shift();
      this.t = Math.max(this.t, q.at);
      q.fn();
    }
    this.t = Math.max(this.t, until);
  }

  advance(ms: number): void {
    this.run(this.t + ms);
  }
}
