import { createConnection } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { InboundMessage, StreamFramer, StreamFramerOutput } from '../../src/sip/transport/transport-address.js';
import { TcpTransport } from '../../src/sip/transport/tcp-transport.js';
import { UdpTransport } from '../../src/sip/transport/udp-transport.js';

/** A stand-in framer for these tests: messages end with a blank line; a lone blank line is a ping; '!' is garbage. */
function blankLineFramer(): StreamFramer {
  let buf = '';
  return {
    push(chunk: Uint8Array): StreamFramerOutput[] {
      buf += Buffer.from(chunk).toString('latin1');
      if (buf.includes('!')) throw new Error('unframeable');
      const out: StreamFramerOutput[] = [];
      for (let end = buf.indexOf('\r\n\r\n'); end >= 0; end = buf.indexOf('\r\n\r\n')) {
        const text = buf.slice(0, end);
        buf = buf.slice(end + 4);
        out.push(text === '' ? { kind: 'ping' } : { kind: 'message', bytes: Buffer.from(text, 'latin1') });
      }
      return out;
    },
  };
}

function inbox() {
  const got: InboundMessage[] = [];
  const waiters: Array<() => void> = [];
  return {
    got,
    push(m: InboundMessage) {
      got.push(m);
      for (const w of waiters.splice(0)) w();
    },
    async next(count = 1, timeoutMs = 2000): Promise<InboundMessage> {
      const deadline = Date.now() + timeoutMs;
      while (got.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${got.length}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
      return got[count - 1]!;
    },
  };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe('UDP transport (RFC 3261 §18)', () => {
  it('delivers a datagram with the source address and port it came from', async () => {
    const a = inbox();
    const b = inbox();
    const ta = new UdpTransport({ host: '127.0.0.1', port: 0, onMessage: (m) => a.push(m) });
    const tb = new UdpTransport({ host: '127.0.0.1', port: 0, onMessage: (m) => b.push(m) });
    closers.push(() => ta.close(), () => tb.close());
    const addrA = await ta.listen();
    const addrB = await tb.listen();
    await ta.send(Buffer.from('OPTIONS sip:b SIP/2.0\r\n\r\n'), addrB);
    const m = await b.next();
    expect(Buffer.from(m.bytes).toString()).toContain('OPTIONS');
    expect(m.source).toEqual(addrA);
    expect(m.local).toEqual(addrB);
  });

  it('drops oversized datagrams and ignores CRLF keep-alives', async () => {
    const b = inbox();
    const warnings: string[] = [];
    const tb = new UdpTransport({ host: '127.0.0.1', port: 0, maxMessageSize: 1000, onMessage: (m) => b.push(m), onWarning: (w) => warnings.push(w) });
    const ta = new UdpTransport({ host: '127.0.0.1', port: 0, onMessage: () => undefined });
    closers.push(() => ta.close(), () => tb.close());
    const addrB = await tb.listen();
    await ta.listen();
    await ta.send(Buffer.alloc(1500, 0x41), addrB);
    await ta.send(Buffer.from('\r\n\r\n'), addrB);
    await ta.send(Buffer.from('BYE sip:x SIP/2.0\r\n\r\n'), addrB);
    const m = await b.next();
    expect(Buffer.from(m.bytes).toString()).toContain('BYE');
    expect(b.got).toHaveLength(1);
    expect(warnings).toContain('oversized datagram dropped');
    await expect(tb.send(Buffer.alloc(1001), addrB)).rejects.toThrow(/over the UDP limit/);
  });
});

describe('TCP transport (RFC 3261 §18)', () => {
  it('reuses one connection in both directions and answers on the connection the request came on', async () => {
    const a = inbox();
    const b = inbox();
    const ta = new TcpTransport({ host: '127.0.0.1', port: 0, framer: blankLineFramer, onMessage: (m) => a.push(m) });
    const tb = new TcpTransport({ host: '127.0.0.1', port: 0, framer: blankLineFramer, onMessage: (m) => b.push(m) });
    closers.push(() => ta.close(), () => tb.close());
    await ta.listen();
    const addrB = await tb.listen();
    await ta.send(Buffer.from('INVITE one\r\n\r\nINVITE two\r\n\r\n'), addrB);
    const second = await b.next(2);
    expect(Buffer.from(second.bytes).toString()).toBe('INVITE two');
    // B answers on the connection the request arrived on, addressed to A's ephemeral port.
    await tb.send(Buffer.from('SIP/2.0 200 OK\r\n\r\n'), second.source, second.connectionId);
    const answer = await a.next();
    expect(Buffer.from(answer.bytes).toString()).toBe('SIP/2.0 200 OK');
    expect(ta.connectionCount).toBe(1);
    expect(tb.connectionCount).toBe(1);
  });

  it('answers a double-CRLF ping with a CRLF pong (RFC 5626 §4.4.1)', async () => {
    const tb = new TcpTransport({ host: '127.0.0.1', port: 0, framer: blankLineFramer, onMessage: () => undefined });
    closers.push(() => tb.close());
    const addr = await tb.listen();
    const pong = await new Promise<string>((resolve, reject) => {
      const s = createConnection({ host: addr.address, port: addr.port }, () => s.write('\r\n\r\n'));
      s.once('data', (d) => {
        resolve(d.toString('latin1'));
        s.destroy();
      });
      s.once('error', reject);
    });
    expect(pong).toBe('\r\n');
  });

  it('closes a connection whose stream cannot be framed, and keeps serving others', async () => {
    const b = inbox();
    const warnings: string[] = [];
    const tb = new TcpTransport({ host: '127.0.0.1', port: 0, framer: blankLineFramer, onMessage: (m) => b.push(m), onWarning: (w) => warnings.push(w) });
    closers.push(() => tb.close());
    const addr = await tb.listen();
    const closed = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: addr.address, port: addr.port }, () => s.write('garbage!'));
      s.on('close', () => resolve(true));
      s.on('error', () => undefined);
    });
    expect(closed).toBe(true);
    expect(warnings).toContain('unframeable TCP stream closed');
    const ta = new TcpTransport({ host: '127.0.0.1', port: 0, framer: blankLineFramer, onMessage: () => undefined });
    closers.push(() => ta.close());
    await ta.listen();
    await ta.send(Buffer.from('OPTIONS ok\r\n\r\n'), addr);
    expect(Buffer.from((await b.next()).bytes).toString()).toBe('OPTIONS ok');
  });

  it('reports a refused connection as a typed error', async () => {
    const ta = new TcpTransport({ host: '127.0.0.1', port: 0, framer: blankLineFramer, onMessage: () => undefined });
    closers.push(() => ta.close());
    await ta.listen();
    const dead = new TcpTransport({ host: '127.0.0.1', port: 0, framer: blankLineFramer, onMessage: () => undefined });
    const deadAddr = await dead.listen();
    await dead.close();
    await expect(ta.send(Buffer.from('x\r\n\r\n'), deadAddr)).rejects.toMatchObject({ reason: 'connect-failed' });
  });
});
