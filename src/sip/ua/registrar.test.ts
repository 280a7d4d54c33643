import { afterEach, describe, expect, it } from 'vitest';
import type { UserAgent } from './user-agent.js';
import { answerChallenge, flush, Peer, register, registerHeaders, startUa } from './ua-harness.test-support.js';

let ua: UserAgent | undefined;
afterEach(async () => {
  await ua?.stop();
  ua = undefined;
});

async function setup() {
  const s = await startUa({ keepAlive: false });
  ua = s.ua;
  const peer = new Peer(s.network);
  return { ...s, peer };
}

describe('registrar in the user agent (RFC 3261 §10.3)', () => {
  it('step 3: an unauthenticated REGISTER gets 401 with SHA-256 and MD5 challenges in realm holdless (RFC 8760 §2.3)', async () => {
    const { peer } = await setup();
    peer.send(peer.request('REGISTER', 'sip:10.0.0.1', registerHeaders(peer, 'alice', 1, [['Contact', `<sip:alice@${peer.hostport}>`]])));
    const res = await peer.response(401, 'REGISTER');
    const challenges = res.headers.getAll('www-authenticate');
    expect(challenges).toHaveLength(2);
    expect(challenges[0]).toMatch(/^Digest realm="holdless".*algorithm=SHA-256/);
    expect(challenges[1]).toMatch(/algorithm=MD5/);
  });

  it('step 8: a registration answers 200 with each binding, its expires and a Date; the binding keeps the source flow', async () => {
    const { peer } = await setup();
    const registered: string[] = [];
    ua!.events.on('registered', (u) => registered.push(u));
    // The Contact names a private address; the binding must remember where the REGISTER really came from.
    const ok = await register(peer, 'alice', '<sip:alice@192.168.1.50:5060>', 600);
    expect(ok.headers.getAll('contact')).toEqual(['<sip:alice@192.168.1.50:5060>;expires=600']);
    expect(ok.headers.get('date')).toMatch(/GMT$/);
    expect(registered).toEqual(['alice']);
    const [b] = ua!.locations.lookup('alice');
    expect(b!.source).toMatchObject({ transport: 'udp', address: peer.address, port: peer.port });
    expect(b!.aor).toBe('sip:alice@10.0.0.1');
  });

  it('accepts MD5 credentials as well as SHA-256 (RFC 2617 for old phones)', async () => {
    const { peer } = await setup();
    const first = peer.request('REGISTER', 'sip:10.0.0.1', registerHeaders(peer, 'bob', 1, [['Contact', `<sip:bob@${peer.hostport}>`]]));
    peer.send(first);
    const challenge = await peer.response(401);
    const auth = answerChallenge(challenge, first, 'bob', undefined, 'MD5');
    expect(auth).toContain('algorithm=MD5');
    peer.send(peer.request('REGISTER', 'sip:10.0.0.1', registerHeaders(peer, 'bob', 2, [['Contact', `<sip:bob@${peer.hostport}>`], ['Authorization', auth]])));
    await peer.response(200);
    expect(ua!.locations.isRegistered('bob')).toBe(true);
  });

  it('a wrong password or an unknown user gets another 401, never a hint which it was', async () => {
    const { peer } = await setup();
    for (const [user, password] of [['alice', 'wrong'], ['mallory', 'x']] as const) {
      const first = peer.request('REGISTER', 'sip:10.0.0.1', registerHeaders(peer, user, 1, [['Contact', `<sip:${user}@${peer.hostport}>`]], `c-${user}`));
      peer.send(first);
      const challenge = await peer.response(401);
      peer.send(peer.request('REGISTER', 'sip:10.0.0.1', registerHeaders(peer, user, 2, [['Contact', `<sip:${user}@${peer.hostport}>`], ['Authorization', answerChallenge(challenge, first, user, password)]], `c-${user}`)));
      await peer.response(401);
    }
    expect(ua!.locations.usernames()).toEqual([]);
  });

  it('step 4: credentials of another user than the To AOR get 403', async () => {
    const { peer } = await setup();
    const headers = (cseq: number, extra: Array<[string, string]> = []) =>
      [['From', '<sip:alice@10.0.0.1>;tag=x'], ['To', '<sip:alice@10.0.0.1>'], ['Call-ID', 'steal'], ['CSeq', `${cseq} REGISTER`], ['Contact', `<sip:bob@${peer.hostport}>`], ...extra] as Array<[string, string]>;
    const first = peer.request('REGISTER', 'sip:10.0.0.1', headers(1));
    peer.send(first);
    const challenge = await peer.response(401);
    peer.send(peer.request('REGISTER', 'sip:10.0.0.1', headers(2, [['Authorization', answerChallenge(challenge, first, 'bob')]])));
    await peer.response(403);
    expect(ua!.locations.isRegistered('alice')).toBe(false);
  });

  it('step 7: an expiry under the minimum gets 423 Interval Too Brief with Min-Expires', async () => {
    const { peer } = await setup();
    const first = peer.request('REGISTER', 'sip:10.0.0.1', registerHeaders(peer, 'alice', 1, [['Contact', `<sip:alice@${peer.hostport}>;expires=10`]]));
    peer.send(first);
    const challenge = await peer.response(401);
    peer.send(peer.request('REGISTER', 'sip:10.0.0.1', registerHeaders(peer, 'alice', 2, [['Contact', `<sip:alice@${peer.hostport}>;expires=10`], ['Authorization', answerChallenge(challenge, first, 'alice')]])));
    const res = await peer.response(423);
    expect(res.headers.get('min-expires')).toBe('60');
  });

  it('step 6: Contact * with Expires 0 removes every binding; the user is unregistered', async () => {
    const { peer } = await setup();
    await register(peer, 'alice');
    const gone: Array<[string, string]> = [];
    ua!.events.on('unregistered', (u, why) => gone.push([u, why]));
    const first = peer.request('REGISTER', 'sip:10.0.0.1', registerHeaders(peer, 'alice', 3, [['Contact', '*'], ['Expires', '0']]));
    peer.send(first);
    const challenge = await peer.response(401);
    peer.send(peer.request('REGISTER', 'sip:10.0.0.1', registerHeaders(peer, 'alice', 4, [['Contact', '*'], ['Expires', '0'], ['Authorization', answerChallenge(challenge, first, 'alice')]])));
    const ok = await peer.response(200);
    expect(ok.headers.getAll('contact')).toEqual([]);
    expect(gone).toEqual([['alice', 'removed']]);
  });

  it('a binding that is not refreshed expires on the clock and the user is unregistered', async () => {
    const { peer, clock } = await setup();
    await register(peer, 'alice', undefined, 120);
    const gone: Array<[string, string]> = [];
    ua!.events.on('unregistered', (u, why) => gone.push([u, why]));
    clock.advance(119_000);
    expect(ua!.locations.isRegistered('alice')).toBe(true);
    clock.advance(1_000);
    expect(gone).toEqual([['alice', 'expired']]);
    expect(ua!.locations.lookup('alice')).toEqual([]);
  });

  it('a refresh updates the binding instead of adding one; the 200 lists every current binding', async () => {
    const { peer, network } = await setup();
    await register(peer, 'alice', `<sip:alice@${peer.hostport}>`, 600);
    const desk = new Peer(network, '10.0.0.3', 5064);
    const ok = await register(desk, 'alice', `<sip:alice@${desk.hostport}>`, 300);
    expect(ok.headers.getAll('contact').sort()).toEqual([`<sip:alice@${peer.hostport}>;expires=600`, `<sip:alice@${desk.hostport}>;expires=300`].sort());
    // The same contact again (an expires parameter does not make it another): one binding, refreshed (§10.3 step 7).
    await register(peer, 'alice', `<sip:alice@${peer.hostport}>;expires=900`, 900, { cseq: 3 });
    const bindings = ua!.locations.lookup('alice');
    expect(bindings).toHaveLength(2);
    expect(bindings.find((b) => b.source.port === peer.port)!.expiresAt - ua!.stack.clock.now()).toBe(900_000);
  });

  it('§8.2.2.3: a Require naming an extension we lack gets 420 with Unsupported', async () => {
    const { peer } = await setup();
    peer.send(peer.request('REGISTER', 'sip:10.0.0.1', registerHeaders(peer, 'alice', 1, [['Contact', `<sip:alice@${peer.hostport}>`], ['Require', 'path, gruu']])));
    const res = await peer.response(420);
    expect(res.headers.get('unsupported')).toBe('path, gruu');
    await flush();
  });

  it('without operators configured, REGISTER gets 405', async () => {
    const s = await startUa({ operators: undefined, keepAlive: false });
    ua = s.ua;
    const peer = new Peer(s.network);
    peer.send(peer.request('REGISTER', 'sip:10.0.0.1', registerHeaders(peer, 'alice', 1, [['Contact', `<sip:alice@${peer.hostport}>`]])));
    await peer.response(405);
  });
});
