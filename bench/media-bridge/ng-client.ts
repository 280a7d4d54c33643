/**
 * A minimal client of rtpengine's ng control protocol: one UDP datagram per command, `cookie bencoded-dict`, and a
 * reply with the same cookie (rtpengine docs, "The NG Control Protocol"). Used by bench:media-bridge to set up the
 * same calls on rtpengine that the holdless bridge relays.
 */
import { createSocket, type Socket } from 'node:dgram';
import { type BValue, bdecode, bencode } from './bencode.js';

export class NgClient {
  private readonly socket: Socket = createSocket('udp4');
  private readonly pending = new Map<string, (reply: Record<string, BValue>) => void>();
  private counter = 0;

  constructor(
    private readonly port: number,
    private readonly host = '127.0.0.1',
  ) {
    this.socket.on('message', (msg) => {
      const space = msg.indexOf(0x20);
      const cookie = msg.subarray(0, space).toString();
      const resolve = this.pending.get(cookie);
      if (!resolve) return;
      this.pending.delete(cookie);
      resolve(bdecode(msg.subarray(space + 1)) as Record<string, BValue>);
    });
  }

  /** Sends `command` and resolves with the reply; rejects after `timeoutMs` or when `result` is not "ok". */
  async request(command: Record<string, BValue> & { command: string }, timeoutMs = 5000): Promise<Record<string, BValue>> {
    const cookie = `${process.pid}_${++this.counter}`;
    const reply = new Promise<Record<string, BValue>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(cookie);
        reject(new Error(`rtpengine: no reply to ${command.command} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(cookie, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
    this.socket.send(Buffer.concat([Buffer.from(`${cookie} `), bencode(command)]), this.port, this.host);
    const r = await reply;
    if (r.result !== 'ok' && r.result !== 'pong') throw new Error(`rtpengine ${command.command}: ${JSON.stringify(r['error-reason'] ?? r.result)}`);
    return r;
  }

  close(): void {
    this.socket.close();
  }
}
