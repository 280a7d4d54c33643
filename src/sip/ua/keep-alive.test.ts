import { afterEach, describe, expect, it } from 'vitest';
import { isRequest } from '../message/index.js';
import type { UserAgent } from './user-agent.js';
import { flush, MemoryNetwork, Peer, register, SDP, startUa } from './ua-harness.test-support.js';
import { UserNotReachableError } from './ua-errors.js';

let ua: UserAgent | undefined;
afterEach(async () => {
  await ua?.stop();
  ua = undefined;
});

const TRUNK = { name: 'carrier', address: '192.0.2.1:5060', allowedSources: ['192.0.2.1'] };

/** Answers every OPTIONS the peer has received with `status`. */
function answerOptions(peer: Peer, status: number): number {
  let n = 0;
  for (const r of peer.inbox) {
    if (isRequest(r.message) && r.message.method === 'OPTIONS') {
      peer.respond(r.message, status);
      n++;
    }
  }
  peer.clear();
  return n;
}

describe('OPTIONS keep-alive of trunks and registered contacts', () => {
  it('probes a trunk at once and every interval; 3 unanswered probes mark it down, an answer brings it up', async () => {
    const states: string[] = [];
    const network = new MemoryNetwork();
    const carrier = new Peer(network, '192.0.2.1', 5060);
    const s = await startUa({ network, trunks: [TRUNK], keepAlive: { intervalSeconds: 60, failuresBeforeDown: 3 } });
    ua = s.ua;
    ua.events.on('trunkState', (name, state) => states.push(`${name}:${state}`));
    const options = await carrier.requestOf('OPTIONS');
    expect(options.requestUriText).toBe('sip:192.0.2.1:5060');
    carrier.respond(options, 200);
    await flush();
    expect(ua.trunkState('carrier')).toBe('up');
    // Silence: each probe times out (Timer F, 32 s) within its 60 s interval.
    for (let i = 0; i < 3; i++) {
      s.clock.advance(60_000);
      await flush();
    }
    s.clock.advance(32_000);
    await flush();
    expect(ua.trunkState('carrier')).toBe('down');
    // A down trunk is still tried, and the call says it was down.
    const call = ua.callTrunk('carrier', '1', { sdp: SDP });
    expect(call.destination).toMatchObject({ trunkState: 'down' });
    s.clock.advance(28_000);
    await flush();
    expect(answerOptions(carrier, 200)).toBeGreaterThan(0);
    await flush();
    expect(states).toEqual(['carrier:up', 'carrier:down', 'carrier:up']);
  });

  it('503 and 408 answers count as failures; 404 or 405 count as alive', async () => {
    const network = new MemoryNetwork();
    const carrier = new Peer(network, '192.0.2.1', 5060);
    const s = await startUa({ network, trunks: [TRUNK], keepAlive: { intervalSeconds: 10, failuresBeforeDown: 1 } });
    ua = s.ua;
    await flush();
    answerOptions(carrier, 503);
    await flush();
    expect(ua.trunkState('carrier')).toBe('down');
    s.clock.advance(10_000);
    await flush();
    answerOptions(carrier, 405);
    await flush();
    expect(ua.trunkState('carrier')).toBe('up');
  });

  it('a registered contact that stops answering is marked down and not offered calls', async () => {
    const s = await startUa({ keepAlive: { intervalSeconds: 40, failuresBeforeDown: 2 } });
    ua = s.ua;
    const phone = new Peer(s.network);
    const states: string[] = [];
    ua.events.on('contactState', (u, _c, state) => states.push(`${u}:${state}`));
    await register(phone, 'alice');
    const probe = await phone.requestOf('OPTIONS');
    expect(probe.requestUriText).toBe(`sip:alice@${phone.hostport}`);
    expect(probe.to.uri.toString()).toBe('sip:alice@10.0.0.1');
    phone.respond(probe, 200);
    await flush();
    expect(ua.reachableContacts('alice')).toHaveLength(1);
    phone.close(); // the phone is gone (its binding has not expired yet)
    // Probes at 40 s and 80 s time out 32 s later (Timer F): the second failure in a row marks it down.
    s.clock.advance(80_000 + 32_000);
    await flush();
    expect(states).toEqual(['alice:up', 'alice:down']);
    expect(ua.reachableContacts('alice')).toEqual([]);
    expect(ua.locations.isRegistered('alice')).toBe(true);
    expect(() => ua!.callUser('alice', { sdp: SDP })).toThrow(UserNotReachableError);
  });

  it('a contact is no longer probed once its binding is gone', async () => {
    const s = await startUa({ keepAlive: { intervalSeconds: 30 } });
    ua = s.ua;
    const phone = new Peer(s.network);
    await register(phone, 'alice', undefined, 60);
    await phone.requestOf('OPTIONS');
    s.clock.advance(61_000); // expired
    await flush();
    phone.clear();
    s.clock.advance(120_000);
    await flush();
    expect(phone.inbox.filter((r) => isRequest(r.message) && r.message.method === 'OPTIONS')).toHaveLength(0);
  });
});
