import { afterEach, describe, expect, it } from 'vitest';
import { isRequest, type SipResponse } from '../message/index.js';
import type { UserAgent } from './user-agent.js';
import { flush, Peer, register, startUa } from './ua-harness.test-support.js';

let ua: UserAgent | undefined;
afterEach(async () => {
  await ua?.stop();
  ua = undefined;
});

const TRUNK = { name: 'carrier', address: '192.0.2.1:5060', allowedSources: ['192.0.2.0/24'] };

function options(peer: Peer, n: number) {
  return peer.request('OPTIONS', 'sip:10.0.0.1', [
    ['From', '<sip:scan@x>;tag=s'],
    ['To', '<sip:10.0.0.1>'],
    ['Call-ID', `scan-${n}`],
    ['CSeq', '1 OPTIONS'],
  ]);
}

function statuses(peer: Peer): number[] {
  return peer.inbox.filter((r) => !isRequest(r.message)).map((r) => (r.message as SipResponse).status);
}

describe('abuse limits on unauthenticated requests', () => {
  it('a source over the first rate gets 503 with Retry-After; over the second, nothing at all', async () => {
    const s = await startUa({ keepAlive: false, trunks: [TRUNK], abuseLimits: { perSecond: 1, burst: 3, dropFactor: 2 } });
    ua = s.ua;
    const scanner = new Peer(s.network, '198.51.100.66', 5060);
    for (let i = 0; i < 10; i++) scanner.send(options(scanner, i));
    await flush();
    // Burst 3 answered, the hard bucket (burst 6) lets 3 more in as 503, the rest are dropped.
    expect(statuses(scanner)).toEqual([200, 200, 200, 503, 503, 503]);
    const rejected = scanner.inbox.map((r) => r.message as SipResponse).find((m) => m.status === 503)!;
    expect(rejected.headers.get('retry-after')).toBe('1');
    // The rate recovers with time.
    scanner.clear();
    s.clock.advance(2_000);
    scanner.send(options(scanner, 99));
    await flush();
    expect(statuses(scanner)).toEqual([200]);
  });

  it('trunk sources are never limited', async () => {
    const s = await startUa({ keepAlive: false, trunks: [TRUNK], abuseLimits: { perSecond: 1, burst: 1, dropFactor: 1 } });
    ua = s.ua;
    const carrier = new Peer(s.network, '192.0.2.5', 5060);
    for (let i = 0; i < 20; i++) carrier.send(options(carrier, i));
    await flush();
    expect(statuses(carrier).filter((st) => st === 200)).toHaveLength(20);
  });

  it('a source that authenticated is trusted afterwards (phones behind one NAT share it)', async () => {
    const s = await startUa({ keepAlive: false, abuseLimits: { perSecond: 1, burst: 2, dropFactor: 10 } });
    ua = s.ua;
    const phone = new Peer(s.network);
    await register(phone, 'alice'); // 2 requests: the burst
    for (let i = 0; i < 10; i++) phone.send(options(phone, i));
    await flush();
    expect(statuses(phone).filter((st) => st === 200)).toHaveLength(10);
  });

  it('a bare user agent (open inbound) applies no limits unless asked', async () => {
    const s = await startUa({ keepAlive: false, operators: undefined });
    ua = s.ua;
    const peer = new Peer(s.network);
    for (let i = 0; i < 200; i++) peer.send(options(peer, i));
    await flush();
    expect(statuses(peer)).toHaveLength(200);
  });
});
