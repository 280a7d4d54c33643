import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../lib/fake-clock.js';
import { SequenceRng } from '../../lib/rng.js';
import { SipRequest, type SipResponse } from '../message/index.js';
import { DEFAULT_TIMERS, TRYING_DELAY } from '../transaction/timer-values.js';
import { MemoryNetwork } from '../transport/memory-network.js';
import type { TransportAddress } from '../transport/transport-address.js';
import type { IncomingRequest } from './incoming-request.js';
import { SipStack, type ClientCallbacks } from './sip-stack.js';

/*
 * What a transaction keeps once the TU has its answer (RFC 3261 §17.1.1.2 Completed, §17.2.1 Completed/Confirmed,
 * §17.2.2 Completed, RFC 6026 Accepted): enough to answer retransmissions with the very same bytes, and nothing of
 * the parsed messages or the TU. The stack runs on an in-memory network in fake time; whether an object was released
 * is checked with a WeakRef and a full garbage collection.
 */

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const DEFAULT_T1 = DEFAULT_TIMERS.T1;
const US: TransportAddress = { transport: 'udp', address: '10.0.0.1', port: 5060 };
const PEER: TransportAddress = { transport: 'udp', address: '10.0.0.2', port: 5062 };

/** Lets queued datagrams arrive (the memory network delivers on microtasks) and ends the job that made WeakRefs. */
const settle = () => new Promise<void>((r) => setImmediate(r));

/** True when nothing but WeakRefs point at the object any more. */
async function released(ref: WeakRef<object>): Promise<boolean> {
  await settle();
  gc();
  return ref.deref() === undefined;
}

function request(method: string, branch: string, cseq = 1, extra: Array<[string, string]> = []): string {
  return [
    `${method} sip:service@10.0.0.1 SIP/2.0`,
    `Via: SIP/2.0/UDP 10.0.0.2:5062;branch=z9hG4bK${branch};rport`,
    'Max-Forwards: 70',
    'From: <sip:caller@10.0.0.2>;tag=caller',
    `To: <sip:service@10.0.0.1>${method === 'INVITE' && cseq === 1 ? '' : ';tag=ua'}`,
    'Call-ID: finished-1',
    `CSeq: ${cseq} ${method}`,
    ...extra.map(([n, v]) => `${n}: ${v}`),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

async function setup(onRequest: (incoming: IncomingRequest) => void) {
  const clock = new FakeClock();
  const network = new MemoryNetwork();
  const received: Buffer[] = [];
  const peer = network.bind(PEER.address, PEER.port, (m) => received.push(Buffer.from(m.bytes)));
  const stack = await SipStack.start({
    listen: [{ transport: 'udp', host: US.address, port: US.port }],
    clock,
    rng: new SequenceRng('st'),
    network,
    handler: { onRequest },
  });
  const send = async (text: string) => {
    await peer.send(Buffer.from(text), US);
    await settle();
  };
  /** The datagrams received since the last call. */
  const take = () => received.splice(0);
  return { clock, stack, send, take };
}

const statusOf = (b: Buffer) => b.toString('latin1', 0, b.indexOf('\r\n'));

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe('finished server transactions (RFC 3261 §17.2.1, §17.2.2; RFC 6026 §7.1)', () => {
  it('§17.2.1: a retransmitted INVITE in Completed gets the identical bytes of the final response, as Timer G does', async () => {
    const s = await setup((incoming) => incoming.respond(486, 'Busy Here', [], { toTag: 'ua' }));
    stop = () => s.stack.stop();
    const invite = request('INVITE', 'inv1');
    await s.send(invite);
    const [first] = s.take();
    expect(statusOf(first!)).toBe('SIP/2.0 486 Busy Here');
    await s.send(invite);
    s.clock.advance(DEFAULT_T1);
    await settle();
    const again = s.take();
    expect(again).toHaveLength(2);
    for (const bytes of again) expect(bytes.equals(first!)).toBe(true);
  });

  it('§17.2.2: a retransmitted BYE in Completed gets the identical bytes of the 200, until Timer J', async () => {
    const s = await setup((incoming) => incoming.respond(200, 'OK'));
    stop = () => s.stack.stop();
    const bye = request('BYE', 'bye1', 2);
    await s.send(bye);
    const [first] = s.take();
    s.clock.advance(10_000);
    await s.send(bye);
    const [again] = s.take();
    expect(again!.equals(first!)).toBe(true);
    expect(s.stack.transactionCount).toBe(1);
    s.clock.advance(64 * DEFAULT_T1);
    expect(s.stack.transactionCount).toBe(0);
  });

  it('a non-INVITE transaction in Completed keeps neither the parsed request nor the IncomingRequest given to the TU', async () => {
    const refs: Array<WeakRef<object>> = [];
    const s = await setup((incoming) => {
      refs.push(new WeakRef(incoming), new WeakRef(incoming.request));
      incoming.respond(200, 'OK');
    });
    stop = () => s.stack.stop();
    await s.send(request('BYE', 'bye2', 2));
    expect(s.stack.transactionCount).toBe(1);
    for (const ref of refs) expect(await released(ref)).toBe(true);
    // ...and it still answers a retransmission.
    await s.send(request('BYE', 'bye2', 2));
    expect(s.take().map(statusOf)).toEqual(['SIP/2.0 200 OK', 'SIP/2.0 200 OK']);
  });

  it('an INVITE transaction in Completed (waiting for the ACK) and in Confirmed keeps nothing of the request', async () => {
    const refs: Array<WeakRef<object>> = [];
    const s = await setup((incoming) => {
      refs.push(new WeakRef(incoming), new WeakRef(incoming.request));
      incoming.respond(603, 'Decline', [], { toTag: 'ua' });
    });
    stop = () => s.stack.stop();
    await s.send(request('INVITE', 'inv2'));
    for (const ref of refs) expect(await released(ref)).toBe(true);
    await s.send(request('ACK', 'inv2'));
    expect(s.stack.transactionCount).toBe(1); // Confirmed, Timer I
    s.clock.advance(5_000);
    expect(s.stack.transactionCount).toBe(0);
  });

  it('RFC 6026: once the 2xx is acknowledged, the INVITE transaction in Accepted keeps nothing of the request or the TU', async () => {
    const refs: Array<WeakRef<object>> = [];
    const s = await setup((incoming) => {
      refs.push(new WeakRef(incoming), new WeakRef(incoming.request));
      incoming.respond(200, 'OK', [['Contact', '<sip:service@10.0.0.1>']], { toTag: 'ua' });
    });
    stop = () => s.stack.stop();
    await s.send(request('INVITE', 'inv3'));
    // Until the ACK, the 2xx retransmission (RFC 3261 §13.3.1.4) needs the IncomingRequest to report a missing ACK.
    await s.send(request('ACK', 'ack3'));
    for (const ref of refs) expect(await released(ref)).toBe(true);
    // A retransmitted INVITE is absorbed in Accepted.
    s.take();
    await s.send(request('INVITE', 'inv3'));
    expect(s.take()).toEqual([]);
    expect(s.stack.transactionCount).toBe(1);
    s.clock.advance(64 * DEFAULT_T1);
    expect(s.stack.transactionCount).toBe(0);
  });

  it('§17.2.1: 100 Trying goes out at 200 ms when the TU has not answered, and not at all when it answers in time', async () => {
    const pending: IncomingRequest[] = [];
    const s = await setup((incoming) => pending.push(incoming));
    stop = () => s.stack.stop();
    await s.send(request('INVITE', 'inv4'));
    s.clock.advance(TRYING_DELAY - 1);
    await settle();
    expect(s.take()).toEqual([]);
    s.clock.advance(1);
    await settle();
    expect(s.take().map(statusOf)).toEqual(['SIP/2.0 100 Trying']);
    pending[0]!.respond(486, 'Busy Here', [], { toTag: 'ua' });
    await settle();
    expect(s.take().map(statusOf)).toEqual(['SIP/2.0 486 Busy Here']);
  });
});

describe('finished client transactions (RFC 3261 §17.1.1.2, §17.1.2.2)', () => {
  async function client() {
    const clock = new FakeClock();
    const network = new MemoryNetwork();
    const raw: Buffer[] = [];
    const peer = network.bind(PEER.address, PEER.port, (m) => raw.push(Buffer.from(m.bytes)));
    const answer = async (text: string) => {
      await peer.send(Buffer.from(text), US);
      await settle();
    };
    const stack = await SipStack.start({
      listen: [{ transport: 'udp', host: US.address, port: US.port }],
      clock,
      rng: new SequenceRng('cl'),
      network,
      handler: { onRequest: () => undefined },
    });
    return { clock, stack, raw, answer };
  }

  /** Sends a request from the stack with callbacks only WeakRefs point to; returns its top Via. */
  function sendFromStack(stack: SipStack, method: string, log: string[], refs: Array<WeakRef<object>>): string {
    const req = new SipRequest({
      method,
      requestUri: 'sip:peer@10.0.0.2:5062',
      headers: [
        ['From', '<sip:service@10.0.0.1>;tag=us'],
        ['To', '<sip:peer@10.0.0.2>'],
        ['Call-ID', `client-${method}`],
        ['CSeq', `1 ${method}`],
      ],
    });
    const callbacks: ClientCallbacks = {
      onResponse: (res: SipResponse) => log.push(`${res.status}`),
      onFailure: (why) => log.push(why),
    };
    refs.push(new WeakRef(req), new WeakRef(callbacks));
    const out = stack.request(req, PEER, callbacks);
    return out.request.headers.getAll('via')[0]!;
  }

  function response(status: string, via: string, method: string): string {
    return [
      `SIP/2.0 ${status}`,
      `Via: ${via}`,
      'From: <sip:service@10.0.0.1>;tag=us',
      `To: <sip:peer@10.0.0.2>;tag=peer`,
      `Call-ID: client-${method}`,
      `CSeq: 1 ${method}`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
  }

  it('§17.1.1.2: a retransmitted 486 in Completed gets the identical ACK bytes; the INVITE and the TU callbacks are released', async () => {
    const c = await client();
    stop = () => c.stack.stop();
    const log: string[] = [];
    const refs: Array<WeakRef<object>> = [];
    const via = sendFromStack(c.stack, 'INVITE', log, refs);
    await settle();
    c.raw.splice(0);
    await c.answer(response('486 Busy Here', via, 'INVITE'));
    const [ack] = c.raw.splice(0);
    expect(ack!.toString('latin1')).toMatch(/^ACK /);
    for (const ref of refs) expect(await released(ref)).toBe(true);
    await c.answer(response('486 Busy Here', via, 'INVITE'));
    const [again] = c.raw.splice(0);
    expect(again!.equals(ack!)).toBe(true);
    expect(log).toEqual(['486']);
    expect(c.stack.transactionCount).toBe(1);
    c.clock.advance(32_000);
    expect(c.stack.transactionCount).toBe(0);
  });

  it('§17.1.2.2: a non-INVITE transaction in Completed absorbs retransmissions and keeps neither the request nor the TU', async () => {
    const c = await client();
    stop = () => c.stack.stop();
    const log: string[] = [];
    const refs: Array<WeakRef<object>> = [];
    const via = sendFromStack(c.stack, 'OPTIONS', log, refs);
    await settle();
    await c.answer(response('200 OK', via, 'OPTIONS'));
    for (const ref of refs) expect(await released(ref)).toBe(true);
    await c.answer(response('200 OK', via, 'OPTIONS'));
    expect(log).toEqual(['200']);
    c.clock.advance(5_000);
    expect(c.stack.transactionCount).toBe(0);
  });
});
